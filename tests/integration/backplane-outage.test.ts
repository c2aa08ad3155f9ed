import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publish, RecordingEventSource } from '../support/clients.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';
import { RecordingWebSocket } from '../support/ws-client.ts';

// While Redis is away nothing may crash, and no client may be left hanging or told a 500: publishes
// and reads answer 503 with Retry-After, streams end so clients resume, sockets are told and closed.
describe('when the backplane (Redis) goes away', () => {
  let redis: RedisServer;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startBuiltServer({ REDIS_URL: redis.url, INSTANCE_ID: 'outage-1' });
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
  });

  it('answers 503 with Retry-After, ends streams and closes sockets, and serves again once Redis is back', async () => {
    const sse = new RecordingEventSource(`${base}/api/sse?topic=notifications`);
    await sse.until((s) => s.lives.length === 1, 10_000, 'the stream to go live');
    // One event received, so the browser has a last event id to resume from.
    await publish(base, 'before');
    await sse.until((s) => s.events.length === 1, 10_000, 'the first event');
    const socket = await RecordingWebSocket.open(base);
    await socket.subscribe('notifications');

    await redis.kill();
    await eventually(async () => (await fetch(`${base}/api/health`)).status === 503, 10_000, 'health to turn 503');

    const published = await fetch(`${base}/api/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ topic: 'notifications', text: 'while away' }),
    });
    expect(published.status).toBe(503);
    expect(published.headers.get('retry-after')).toBe('2');
    expect(await published.json()).toEqual({ error: 'the event backplane (Redis) cannot be reached right now; try again shortly' });
    const polled = await fetch(`${base}/api/poll?topic=notifications&since=${encodeURIComponent(sse.events[0]!.id)}`);
    expect(polled.status).toBe(503);

    // The WebSocket is told why, then closed with 1013 (try again later).
    await socket.until((c) => c.closed !== undefined, 'the socket to be closed', 15_000);
    expect(socket.ofType('error').at(-1)?.error).toMatch(/backplane is unreachable/);
    expect(socket.closed).toEqual({
      code: 1013,
      reason: 'the event backplane is unreachable; reconnect shortly and resume from your cursor',
    });
    expect(server.process.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/request [0-9a-f-]{36} failed/);

    await redis.start();
    await eventually(async () => (await fetch(`${base}/api/health`)).status === 200, 15_000, 'health back to 200');
    await eventually(
      async () => {
        const again = await fetch(`${base}/api/publish`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ topic: 'notifications', text: 'after' }),
        });
        return again.status === 201;
      },
      10_000,
      'publishes to work again',
    );
    // Redis kept nothing (no persistence), so its epoch changed: the stream, reconnecting by itself
    // with its last event id, gets an explicit reset, never a silent gap.
    await sse.until(
      (s) => s.resets.length > 0 || s.events.some((event) => (event.data as { text?: string }).text === 'after'),
      20_000,
      'the stream to resume',
    );
    expect(sse.resets.length).toBeGreaterThan(0);
    sse.close();
  });
});
