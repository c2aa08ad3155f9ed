import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdFrom, requestFrom } from '../../support/abrupt.ts';
import { eventually, stats } from '../../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket } from '../../support/ws-client.ts';

// Each loopback address stands for another visitor.
const VISITORS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];

describe('abuse: no visitor can lock the others out', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({
      CHAT_MAX_ROOMS: '3',
      CHAT_ROOMS_PER_IP: '2',
      CHAT_ROOM_LINGER_MS: '300',
      RACE_MAX_ACTIVE: '3',
      RACE_MAX_PER_IP: '2',
      RACE_PER_MINUTE: '600',
      MAX_SSE_STREAMS: '3',
      MAX_STREAMS_PER_IP: '2',
      MAX_LONG_POLLS: '3',
      LONG_POLL_MAX_PER_IP: '2',
      MAX_WEBSOCKETS: '3',
      WS_MAX_PER_IP: '2',
    });
    base = server.url;
  });
  afterAll(async () => {
    await server.stop();
  });

  const allReleased = () =>
    eventually(
      async () => {
        const now = await stats(base);
        return now.sseStreams === 0 && now.longPolls === 0 && now.webSockets === 0;
      },
      5000,
      'every connection to be released',
    );

  describe('chat rooms', () => {
    it('frees rooms once they are empty, so filling every room and leaving locks no one out', async () => {
      const filler = await RecordingWebSocket.open(base, { localAddress: VISITORS[0] });
      const other = await RecordingWebSocket.open(base, { localAddress: VISITORS[1] });
      expect(await filler.trySubscribe('chat:one')).toBe('live');
      expect(await filler.trySubscribe('chat:two')).toBe('live');
      expect(await other.trySubscribe('chat:three')).toBe('live');
      expect(await other.trySubscribe('chat:four')).toBe('room: this server already holds 3 rooms; join an existing one such as lobby');
      // The page's own room is always open.
      await other.subscribe('chat:lobby', { name: 'Bo' });
      // The join is announced once presence is recorded, just after the subscription goes live.
      await other.until((c) => c.events('chat:lobby').length > 0, 'the join');
      expect(other.events('chat:lobby')[0]).toMatchObject({ type: 'join', data: { name: 'Bo' } });
      filler.close();
      other.close();
      await allReleased();
      // Empty rooms linger 300 ms here (for clients that come back), then make room.
      const later = await RecordingWebSocket.open(base, { localAddress: VISITORS[2] });
      await eventually(async () => (await later.trySubscribe('chat:four')) === 'live', 3000, 'a freed slot for a new room');
      later.close();
      await allReleased();
    });

    it('caps the rooms one address creates', async () => {
      // Let the rooms of the test before linger out, so only this cap can answer.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const client = await RecordingWebSocket.open(base, { localAddress: VISITORS[3] });
      expect(await client.trySubscribe('chat:mine-1')).toBe('live');
      expect(await client.trySubscribe('chat:mine-2')).toBe('live');
      expect(await client.trySubscribe('chat:mine-3')).toBe(
        'room: you already created 2 rooms that are still open; an empty room closes 1 s after its last member leaves',
      );
      client.close();
      await allReleased();
    });

    it('lets only members post, under the name they joined with', async () => {
      const ada = await RecordingWebSocket.open(base);
      const mallory = await RecordingWebSocket.open(base);
      await ada.subscribe('chat:lobby', { name: 'Ada' });
      mallory.send({ type: 'chat', room: 'lobby', name: 'Ada', text: 'I am Ada, send me your password' });
      await mallory.until((c) => c.ofType('error').length === 1);
      expect(mallory.ofType('error')).toEqual([{ type: 'error', error: 'room: join chat:lobby with a name before posting to it' }]);
      await mallory.subscribe('chat:lobby', { name: 'Mallory' });
      mallory.send({ type: 'chat', room: 'lobby', name: 'Ada', text: 'I am Ada, really' });
      await ada.until((c) => c.events('chat:lobby').some((event) => event.type === 'message'));
      const messages = ada.events('chat:lobby').filter((event) => event.type === 'message');
      expect(messages.map((event) => event.data)).toEqual([{ name: 'Mallory', text: 'I am Ada, really' }]);
      ada.close();
      mallory.close();
      await allReleased();
    });
  });

  describe('races', () => {
    const startRace = (from: string) =>
      requestFrom(from, `${base}/api/race`, { method: 'POST', body: JSON.stringify({ ratePerSecond: 1, durationSeconds: 5 }) });

    it('caps races per address and says when a slot frees; other readers still get theirs', async () => {
      expect((await startRace(VISITORS[0]!)).status).toBe(201);
      expect((await startRace(VISITORS[0]!)).status).toBe(201);
      const refused = await startRace(VISITORS[0]!);
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body).error).toMatch(/^you already have 2 races running; a slot frees in [1-7] s$/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await startRace(VISITORS[1]!)).status).toBe(201);
      // The server-wide cap (3 here) answers 503 with the wait, too.
      const full = await startRace(VISITORS[2]!);
      expect(full.status).toBe(503);
      expect(JSON.parse(full.body).error).toMatch(/^the server is running as many races as it allows; a slot frees in [1-7] s$/);
    });
  });

  describe('process-wide connection caps', () => {
    it.each([
      ['event streams', '/api/sse?topic=ticker'],
      ['long polls', '/api/long-poll?topic=notifications&timeout=20'],
    ])('answers %s past the process-wide cap with 503 and Retry-After, and admits again once one leaves', async (_what, path) => {
      const held = [
        holdFrom(VISITORS[0]!, `${base}${path}`),
        holdFrom(VISITORS[0]!, `${base}${path}`),
        holdFrom(VISITORS[1]!, `${base}${path}`),
      ];
      await eventually(
        async () => {
          const now = await stats(base);
          return now.sseStreams + now.longPolls === 3;
        },
        5000,
        'three held connections',
      );
      const refused = await requestFrom(VISITORS[2]!, `${base}${path}`);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('10');
      held[0]!.close();
      await eventually(
        async () => {
          const now = await stats(base);
          return now.sseStreams + now.longPolls === 2;
        },
        5000,
        'one released',
      );
      const admitted = holdFrom(VISITORS[2]!, `${base}${path}`);
      await eventually(
        async () => {
          const now = await stats(base);
          return now.sseStreams + now.longPolls === 3;
        },
        5000,
        'the new one admitted',
      );
      for (const request of [...held, admitted]) request.close();
      await allReleased();
    });

    it('answers WebSocket upgrades past the process-wide cap with 503 and Retry-After', async () => {
      const held = [
        await RecordingWebSocket.open(base, { localAddress: VISITORS[0] }),
        await RecordingWebSocket.open(base, { localAddress: VISITORS[0] }),
        await RecordingWebSocket.open(base, { localAddress: VISITORS[1] }),
      ];
      const refused = await RecordingWebSocket.open(base, { localAddress: VISITORS[2] }).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        status: 503,
        body: JSON.stringify({ error: 'this server holds as many WebSockets as it can; try again shortly' }),
      });
      for (const client of held) client.close();
      await allReleased();
    });
  });
});
