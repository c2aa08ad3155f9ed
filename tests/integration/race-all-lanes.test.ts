import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import type { Race, RaceTick } from '../../src/lib/realtime/feeds/races.ts';
import { eventually, openWebSocket, RecordingEventSource, stats } from '../support/clients.ts';
import { headCursor, runPollLoop } from '../support/polling-clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const numbers = (events: RealtimeEvent[]) => events.map((event) => (event.data as RaceTick).n);

describe('a race on all four transports at once (built server)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startBuiltServer({ RACE_LEAD_MS: '800' });
  });
  afterAll(() => server?.stop());

  it('delivers every one of 50 events (10/s for 5 s) exactly once, in order, on every lane', async () => {
    const base = server.url;
    const response = await fetch(`${base}/api/race`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ratePerSecond: 10, durationSeconds: 5 }),
    });
    expect(response.status).toBe(201);
    const race = (await response.json()) as Race;
    expect(race.expected).toBe(50);

    const since = await headCursor(base, race.topic);
    const sse = new RecordingEventSource(`${base}/api/sse?topic=${race.topic}`);
    const { socket, messages } = await openWebSocket(base);
    socket.send(JSON.stringify({ type: 'subscribe', topic: race.topic }));
    await eventually(() => messages.some((message) => message.type === 'live'), 5000, 'the WebSocket subscription');
    const short = runPollLoop(base, 'short', { topic: race.topic, since, intervalMs: 1000, want: 50, deadlineMs: 15_000 });
    const long = runPollLoop(base, 'long', { topic: race.topic, since, timeoutS: 5, want: 50, deadlineMs: 15_000 });

    const [shortResult, longResult] = await Promise.all([short, long]);
    await sse.until((c) => c.events.length >= 50, 10_000, 'the SSE lane');
    await eventually(() => messages.filter((message) => message.type === 'event').length >= 50, 10_000, 'the WebSocket lane');
    // A moment more, so a late duplicate would have arrived too.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const all = Array.from({ length: 50 }, (_, i) => i + 1);
    const wsEvents = messages.filter((message) => message.type === 'event').map((message) => message.event as RealtimeEvent);
    expect(numbers(shortResult.events)).toEqual(all);
    expect(numbers(longResult.events)).toEqual(all);
    expect(numbers(sse.events)).toEqual(all);
    expect(numbers(wsEvents)).toEqual(all);
    expect([shortResult.resets, longResult.resets]).toEqual([[], []]);
    // The same 50 events, identical on every transport.
    expect(sse.events).toEqual(wsEvents);
    expect(shortResult.events).toEqual(wsEvents);
    expect(longResult.events).toEqual(wsEvents);
    // Short polling at 1 s over ~5 s needs a handful of requests; long polling about one per delivery batch.
    expect(shortResult.requests).toBeLessThan(longResult.requests);

    sse.close();
    socket.close();
    await eventually(
      async () => {
        const now = await stats(base);
        return now.sseStreams === 0 && now.webSockets === 0 && now.longPolls === 0;
      },
      5000,
      'every race connection to be released',
    );
  }, 30_000);
});
