import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stats } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';
import { everyWebSocketReleased, RecordingWebSocket } from '../support/ws-client.ts';

const HEARTBEAT_MS = 250;

describe('WebSocket liveness and release on the built server', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer({ WS_HEARTBEAT_MS: String(HEARTBEAT_MS) });
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Every test leaves no socket behind, so per-IP counts start from zero. */
  const allReleased = () => everyWebSocketReleased(base);

  describe('liveness', () => {
    it('terminates a client that never answers pings within two intervals, and keeps one that does', async () => {
      const answering = await RecordingWebSocket.open(base);
      let pings = 0;
      answering.socket.on('ping', () => (pings += 1));
      const silent = new RecordingWebSocket(base, { autoPong: false });
      await silent.opened;
      const openedAt = Date.now();
      const closed = await silent.closedWith(5 * HEARTBEAT_MS);
      const lifetime = Date.now() - openedAt;
      // terminate() sends no close frame, so the client sees an abnormal closure.
      expect(closed.code).toBe(1006);
      // Two intervals, plus slack for timers on a busy machine and the TCP close reaching the client.
      expect(lifetime).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 250);
      await new Promise((resolve) => setTimeout(resolve, 3 * HEARTBEAT_MS));
      expect(answering.closed).toBeUndefined();
      expect(pings).toBeGreaterThanOrEqual(3);
      answering.close();
      await allReleased();
    });

    it('cuts a connection on POST /api/ws/drop, which the client sees as 1006', async () => {
      const client = await RecordingWebSocket.open(base);
      const post = (body: unknown) =>
        fetch(`${base}/api/ws/drop`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post({ connection: client.connectionId })).status).toBe(204);
      expect((await client.closedWith()).code).toBe(1006);
      const again = await post({ connection: client.connectionId });
      expect(again.status).toBe(404);
      expect(await again.json()).toEqual({ error: 'no open WebSocket has that connection id' });
      const bad = await post({ connection: 'nope' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'connection: must be the connection id from the hello event' });
      await allReleased();
    });

    it('releases the socket, subscriptions and room presence of each of 200 clients that leave', async () => {
      const before = await stats(base);
      const watcher = await RecordingWebSocket.open(base);
      await watcher.subscribe('chat:release');
      for (let i = 0; i < 200; i++) {
        const client = await RecordingWebSocket.open(base);
        await client.subscribe('chat:release', { name: `c${i}` });
        await client.subscribe('ticker');
        if (i % 2 === 0) client.close();
        else client.socket.terminate();
      }
      await watcher.until((c) => c.events('chat:release').filter((event) => event.type === 'leave').length === 200, 'every leave');
      watcher.close();
      await allReleased();
      const after = await stats(base);
      expect(after.subscribers['chat:release'] ?? 0).toBe(0);
      expect(after.subscribers.ticker ?? 0).toBe(before.subscribers.ticker ?? 0);
      expect(watcher.events('chat:release').at(-1)).toMatchObject({ type: 'leave', data: { members: 0, reason: 'disconnected' } });
    });
  });
});

describe('WebSocket shutdown (SIGTERM)', () => {
  it('closes every socket, chat and echo, with 1001 and exits 0', async () => {
    const server = await startBuiltServer();
    const chat = await RecordingWebSocket.open(server.url);
    const other = await RecordingWebSocket.open(server.url);
    const echo = await RecordingWebSocket.open(server.url, { path: '/api/ws/echo' });
    await chat.subscribe('chat:bye', { name: 'Ada' });
    await other.subscribe('chat:bye', { name: 'Bo' });
    const exit = server.stop('SIGTERM');
    for (const client of [chat, other, echo]) expect(await client.closedWith()).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await exit).toBe(0);
    expect(server.output()).toContain('SIGTERM: done');
  });
});
