import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stats } from '../../support/clients.ts';
import { RSS_MARGIN, rssMiB, rssRatioAfterIdle } from '../../support/process-memory.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket, everyWebSocketReleased } from '../../support/ws-client.ts';

/** A well-formed race topic that no one started: `race:` and 10 base-36 characters. */
const unknownRace = (n: number): string => `race:${n.toString(36).padStart(10, '0')}`;

// Regression: reading a race topic no one started created a replay log for it, kept forever
// (+55 MB per 300k reads, and /api/poll is not rate limited). Such reads now answer 404 and keep nothing.
describe('abuse: reads of races no one started create nothing', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({ RACE_LEAD_MS: '3000' });
    base = server.url;
  });
  afterAll(() => server?.stop());

  it.each([
    ['/api/poll', (topic: string) => `/api/poll?topic=${topic}`],
    ['/api/long-poll', (topic: string) => `/api/long-poll?topic=${topic}&timeout=1`],
    ['/api/sse', (topic: string) => `/api/sse?topic=${topic}`],
  ])('answers %s on an unknown race with 404 and a JSON error', async (_route, path) => {
    const response = await fetch(`${base}${path('race:nobodystar')}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'topic: no race race:nobodystar is running; start one with POST /api/race' });
  });

  it('answers a WebSocket subscribe to an unknown race with an error and keeps the socket', async () => {
    const client = await RecordingWebSocket.open(base);
    expect(await client.trySubscribe('race:nobodystar')).toBe('topic: no race race:nobodystar is running; start one with POST /api/race');
    expect(await client.trySubscribe('notifications')).toBe('live');
    client.close();
    await everyWebSocketReleased(base);
  });

  it('lets every transport read a race that was started, before its first event', async () => {
    const started = await fetch(`${base}/api/race`, { method: 'POST', body: JSON.stringify({ ratePerSecond: 1, durationSeconds: 2 }) });
    const { topic } = (await started.json()) as { topic: string };
    expect((await fetch(`${base}/api/poll?topic=${topic}`)).status).toBe(200);
    const stream = await fetch(`${base}/api/sse?topic=${topic}`);
    expect(stream.status).toBe(200);
    await stream.body!.cancel();
    const client = await RecordingWebSocket.open(base);
    expect(await client.trySubscribe(topic)).toBe('live');
    client.close();
    await everyWebSocketReleased(base);
  });

  it('answers 20,000 reads of distinct unknown races with 404, and neither stats nor memory grow', async () => {
    const baseline = rssMiB(server.process.pid!);
    const before = await stats(base);
    const routes = [
      (topic: string) => `/api/poll?topic=${topic}`,
      (topic: string) => `/api/poll?topic=${topic}&since=x-1`,
      (topic: string) => `/api/long-poll?topic=${topic}&timeout=1`,
      (topic: string) => `/api/sse?topic=${topic}`,
    ];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    const worker = async (): Promise<void> => {
      while (next < 20_000) {
        const n = next++;
        const response = await fetch(`${base}${routes[n % routes.length]!(unknownRace(n))}`);
        await response.body?.cancel();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    console.log(`20,000 unknown-race reads in ${Date.now() - started} ms: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(Object.fromEntries(statuses)).toEqual({ 404: 20_000 });
    // A hundred WebSocket subscribes too (five sockets, inside each one's message burst).
    const sockets = await Promise.all(Array.from({ length: 5 }, () => RecordingWebSocket.open(base)));
    for (const [i, socket] of sockets.entries()) {
      for (let k = 0; k < 15; k++) socket.send({ type: 'subscribe', topic: unknownRace(100_000 + i * 100 + k) });
    }
    for (const socket of sockets) await socket.until((c) => c.ofType('error').length === 15, '15 errors');
    for (const socket of sockets) socket.close();
    await everyWebSocketReleased(base);
    const after = await stats(base);
    expect(after.subscribers).toEqual(before.subscribers);
    expect([after.sseStreams, after.longPolls]).toEqual([0, 0]);
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '20,000 unknown-race reads')).toBeLessThanOrEqual(RSS_MARGIN);
  });
});
