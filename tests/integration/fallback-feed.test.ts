import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FallbackFeed, type FeedTransport } from '../../src/client/fallback-feed.ts';
import { PATHS } from '../../src/lib/realtime/protocol.ts';
import { eventually, publish, stats } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startBuiltServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('fallback feed against the built server (Node WebSocket and fetch)', () => {
  it('falls back to long polling when the upgrade is refused, goes back to a WebSocket, and loses or repeats nothing', async () => {
    let path: string = PATHS.wsBlocked;
    const transports: FeedTransport[] = [];
    const received: Array<{ id: string; via: string }> = [];
    const feed = new FallbackFeed(
      { origin: server.url, topic: 'notifications', webSocketPath: () => path, longPollTimeoutS: 5 },
      {
        onEvent: (event, via) => received.push({ id: event.id, via }),
        onTransport: (transport) => transports.push(transport),
      },
    );
    feed.start();
    await eventually(() => transports.includes('long-polling'), 10_000, 'the fall back to long polling');
    // The first long poll takes the head as its cursor; wait until it is held, so the next event is not before it.
    await eventually(async () => (await stats(server.url)).longPolls === 1, 10_000, 'a held long poll');
    const published = [await publish(server.url, 'while blocked 1'), await publish(server.url, 'while blocked 2')];
    await eventually(() => received.length >= 2, 10_000, 'two events by long polling');

    path = PATHS.ws;
    feed.reconnect();
    // Published while the socket is still opening: only the cursor carried over brings it (as a replay).
    published.push(await publish(server.url, 'during the switch'));
    await eventually(() => transports.at(-1) === 'websocket', 10_000, 'the WebSocket again');
    published.push(await publish(server.url, 'after the switch'));
    await eventually(() => received.length >= 4, 10_000, 'four events');

    expect(received.map((r) => r.id)).toEqual(published.map((e) => e.id));
    expect(received.map((r) => r.via)).toEqual(['long-polling', 'long-polling', 'websocket', 'websocket']);
    expect(transports).toEqual(['connecting', 'long-polling', 'connecting', 'websocket']);

    feed.stop();
    await eventually(
      async () => {
        const now = await stats(server.url);
        return now.longPolls === 0 && now.webSockets === 0 && (now.subscribers['notifications'] ?? 0) === 0;
      },
      10_000,
      'released after stop()',
    );
  }, 40_000);
});
