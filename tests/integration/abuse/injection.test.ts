import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, readUntil, stats } from '../../support/clients.ts';
import { getPoll } from '../../support/polling-clients.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket, everyWebSocketReleased } from '../../support/ws-client.ts';

/** Cursors a client might send: not even well formed, and well formed but from no log of this server. */
const GARBAGE = ['garbage', '../../etc/passwd', '-1', '1e9', "'; DROP TABLE events; --", '%00%0d%0a'];
const FOREIGN = ['zzzzzzzz-5', '0-999999999'];

describe('abuse: what a client sends cannot forge frames, markup or cursors', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer();
    base = server.url;
    await publish(base, 'first');
  });
  afterAll(() => server?.stop());

  it('keeps CR/LF in a published text inside one SSE data line, so no event, id or retry can be forged', async () => {
    const response = await fetch(`${base}/api/sse?topic=notifications`);
    const reader = response.body!.getReader();
    await readUntil(reader, 'event: live');
    const forged = 'hi\r\n\r\nevent: reset\r\nid: 0-0\nretry: 1\rdata: {"owned":true}\n\n';
    await publish(base, forged);
    const text = await readUntil(reader, '"type":"notification"');
    await reader.cancel();
    const frame = text.split('\n\n').find((block) => block.includes('owned'))!;
    const lines = frame.split('\n');
    // One event: its id, then exactly one data line holding the JSON with the text escaped.
    expect(lines.map((line) => line.split(':')[0])).toEqual(['id', 'data']);
    expect(JSON.parse(lines[1]!.slice('data: '.length)).data.text).toBe(forged.trim());
    expect(text).not.toMatch(/^(event: reset|retry: 1)$/m);
  });

  it('delivers chat markup as the exact text sent, in JSON, to every member', async () => {
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script>&lt;';
    const ada = await RecordingWebSocket.open(base);
    const bo = await RecordingWebSocket.open(base);
    await ada.subscribe('chat:lobby', { name: '<b>Ada</b>' });
    await bo.subscribe('chat:lobby', { name: 'Bo' });
    ada.send({ type: 'chat', room: 'lobby', text: markup });
    await bo.until((c) => c.events('chat:lobby').some((event) => event.type === 'message'), 'the message');
    const message = bo.events('chat:lobby').find((event) => event.type === 'message')!;
    expect(message.data).toEqual({ name: '<b>Ada</b>', text: markup });
    ada.close();
    bo.close();
    await everyWebSocketReleased(base);
  });

  it.each(GARBAGE)('refuses the malformed cursor %j on both polls with 400 and a JSON error', async (cursor) => {
    for (const path of ['/api/poll?topic=notifications', '/api/long-poll?topic=notifications&timeout=1']) {
      const { status, raw } = await getPoll(base, `${path}&since=${encodeURIComponent(cursor)}`);
      expect(status).toBe(400);
      expect(JSON.parse(raw).error).toMatch(/^since: /);
    }
  });

  it.each(FOREIGN)('answers the foreign cursor %j on both polls with an explicit reset to the head', async (cursor) => {
    for (const path of ['/api/poll?topic=notifications', '/api/long-poll?topic=notifications&timeout=1']) {
      const { status, body } = await getPoll(base, `${path}&since=${encodeURIComponent(cursor)}`);
      expect(status).toBe(200);
      expect(body!.reset).toMatchObject({ topic: 'notifications', reason: 'unknown' });
      expect(body!.cursor).toBe(body!.reset!.cursor);
    }
  });

  it.each([...GARBAGE, ...FOREIGN])(
    'answers the cursor %j on SSE and WebSocket with an explicit reset, never a silent gap',
    async (cursor) => {
      const response = await fetch(`${base}/api/sse?topic=notifications`, { headers: { 'Last-Event-ID': cursor } });
      const reader = response.body!.getReader();
      const text = await readUntil(reader, 'event: live');
      await reader.cancel();
      expect(text).toMatch(/\nevent: reset\ndata: \{"topic":"notifications","reason":"(invalid|unknown)"/);

      const client = await RecordingWebSocket.open(base);
      await client.subscribe('notifications', { since: cursor });
      expect(client.ofType('reset')).toEqual([
        expect.objectContaining({ topic: 'notifications', reason: expect.stringMatching(/^(invalid|unknown)$/) }),
      ]);
      client.close();
      await everyWebSocketReleased(base);
      expect((await stats(base)).sseStreams).toBe(0);
    },
  );
});
