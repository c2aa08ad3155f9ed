import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSource } from 'eventsource';
import { publish, readUntil, RecordingEventSource } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const post = (base: string, path: string, body: string, type = 'application/json') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });

describe('API on the built server', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer({ SSE_RETRY_MS: '100', SSE_HEARTBEAT_MS: '90', MAX_STREAMS_PER_IP: '3' });
    base = server.url;
  });
  afterAll(() => server?.stop());

  it('tells the time in ms', async () => {
    const before = Date.now();
    const { now } = (await (await fetch(`${base}/api/time`)).json()) as { now: number };
    expect(now).toBeGreaterThanOrEqual(before - 5);
    expect(now).toBeLessThanOrEqual(Date.now() + 5);
  });

  it('publishes a notification: 201 with the event', async () => {
    const response = await post(base, '/api/publish', JSON.stringify({ topic: 'notifications', text: ' hello ' }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ topic: 'notifications', type: 'notification', data: { text: 'hello' } });
  });

  it.each([
    ['not json', 400, 'body must be JSON, e.g. {"topic":"notifications","text":"hello"}'],
    ['[]', 400, 'must be a JSON object'],
    ['{"topic":"ticker","text":"x"}', 400, 'topic: must be one of: notifications'],
    ['{"topic":"notifications"}', 400, 'text: is required'],
    ['{"topic":"notifications","text":""}', 400, 'text: must not be empty'],
    [JSON.stringify({ topic: 'notifications', text: 'x'.repeat(281) }), 400, 'text: must be at most 280 characters'],
    [JSON.stringify({ topic: 'notifications', text: 'x'.repeat(5000) }), 413, 'body must be at most 4096 bytes'],
  ])('refuses publish body %s with %i', async (body, status, error) => {
    const response = await post(base, '/api/publish', body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
  });

  it('writes a heartbeat comment when a stream has been quiet', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/sse?topic=notifications`, { signal: controller.signal });
    const text = await readUntil(response.body!.getReader(), ': heartbeat ');
    expect(text).toMatch(/\n: heartbeat \d{13}\n\n$/);
    controller.abort();
  });

  it('caps open streams per address with a 429 and gives the slot back when one closes', async () => {
    const open = await Promise.all([0, 1, 2].map(() => fetch(`${base}/api/sse?topic=ticker`)));
    expect(open.map((response) => response.status)).toEqual([200, 200, 200]);
    const refused = await fetch(`${base}/api/sse?topic=ticker`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: 'too many open streams from this address (at most 3); close one first' });
    await open[0]!.body!.cancel();
    let again: Response | undefined;
    for (let i = 0; i < 50 && again?.status !== 200; i++) {
      await again?.body?.cancel();
      again = await fetch(`${base}/api/sse?topic=ticker`);
    }
    expect(again!.status).toBe(200);
    await Promise.all([again!.body!.cancel(), open[1]!.body!.cancel(), open[2]!.body!.cancel()]);
  });

  it('shows a stream’s bytes through the wire tap, from its first line to its end', async () => {
    const client = new RecordingEventSource(`${base}/api/sse?topic=notifications`);
    await client.until((c) => c.lives.length === 1);
    const connection = client.hellos[0]!.connection;
    const tap = new EventSource(`${base}/api/sse/wire?connection=${connection}`);
    const chunks: Array<{ text: string; bytesSent: number }> = [];
    let ended = false;
    tap.onmessage = (message) => chunks.push(JSON.parse(message.data));
    tap.addEventListener('end', () => {
      ended = true;
      tap.close();
    });
    await new Promise<void>((resolve) => (tap.onopen = () => resolve()));
    const event = await publish(base, 'tapped');
    await client.until((c) => c.events.length === 1);
    await post(base, '/api/sse/drop', JSON.stringify({ connection }));
    await client.until(() => ended, 5000, 'the tap to end');
    const wire = chunks.map((chunk) => chunk.text).join('');
    expect(wire.startsWith(`retry: 100\n\nevent: hello\ndata: {"connection":"${connection}"`)).toBe(true);
    expect(wire).toContain(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    // The byte count is the UTF-8 length of everything written, as the server counted it.
    expect(chunks.at(-1)!.bytesSent).toBe(new TextEncoder().encode(wire).byteLength);
    client.close();
  });

  it('answers a tap or drop for an unknown stream with 404, and a malformed id with 400', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await fetch(`${base}/api/sse/wire?connection=${unknown}`)).status).toBe(404);
    expect((await post(base, '/api/sse/drop', JSON.stringify({ connection: unknown }))).status).toBe(404);
    const bad = await fetch(`${base}/api/sse/wire?connection=nope`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'connection: must be the connection id from the hello event' });
  });

  it('answers an upgrade on any other path with 404', async () => {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${base.replace('http', 'ws')}/not-a-socket`);
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error.message).toBe('Unexpected server response: 404');
  });
});

describe('publish rate limit', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startBuiltServer({ PUBLISH_BURST: '2', PUBLISH_PER_MINUTE: '1' });
  });
  afterAll(() => server?.stop());

  it('answers 429 with a JSON error once an address is over its rate', async () => {
    const body = JSON.stringify({ topic: 'notifications', text: 'hi' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(server.url, '/api/publish', body)).status);
    expect(statuses).toEqual([201, 201, 429]);
    const refused = await post(server.url, '/api/publish', body);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toEqual({ error: 'too many notifications from this address; wait a few seconds' });
  });
});
