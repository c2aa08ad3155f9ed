import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Race, RaceTick } from '../../src/lib/realtime/feeds/races.ts';
import { eventually, openWebSocket, RecordingEventSource } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const startRace = (base: string, body: unknown) =>
  fetch(`${base}/api/race`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('races on the built server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startBuiltServer({ RACE_LEAD_MS: '300', RACE_MAX_ACTIVE: '1', RACE_PER_MINUTE: '600' });
  });
  afterAll(() => server?.stop());

  it('delivers every race event once, in order, to an SSE lane and a WebSocket lane', async () => {
    const response = await startRace(server.url, { ratePerSecond: 10, durationSeconds: 2 });
    expect(response.status).toBe(201);
    const race = (await response.json()) as Race;
    expect(race).toMatchObject({ ratePerSecond: 10, durationSeconds: 2, expected: 20 });
    const sse = new RecordingEventSource(`${server.url}/api/sse?topic=${race.topic}`);
    const { socket, messages } = await openWebSocket(server.url);
    socket.send(JSON.stringify({ type: 'subscribe', topic: race.topic }));
    await sse.until((c) => c.events.length === 20, 10_000, 'the SSE lane');
    await eventually(() => messages.filter((message) => message.type === 'event').length === 20, 10_000, 'the WebSocket lane');
    const numbers = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(sse.events.map((event) => (event.data as RaceTick).n)).toEqual(numbers);
    expect(messages.filter((message) => message.type === 'event').map((message) => (message.event as { data: RaceTick }).data.n)).toEqual(
      numbers,
    );
    sse.close();
    socket.close();
  });

  it('refuses a second race while one runs (the cap), and bad parameters with 400', async () => {
    const first = await startRace(server.url, { ratePerSecond: 1, durationSeconds: 5 });
    expect(first.status).toBe(201);
    const second = await startRace(server.url, { ratePerSecond: 1, durationSeconds: 5 });
    expect(second.status).toBe(503);
    // The first race ends about 1.5 s + 4 s after it started: the answer says when a slot frees.
    expect((await second.json()) as { error: string }).toEqual({
      error: expect.stringMatching(/^the server is running as many races as it allows; a slot frees in [1-6] s$/),
    });
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const bad = await startRace(server.url, { ratePerSecond: 50, durationSeconds: 5 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'ratePerSecond: must be at most 20' });
  });
});
