import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterInstance } from '../../../src/server/cluster/cluster.ts';
import { eventually, publish } from '../../support/clients.ts';
import { getPoll, runPollLoop } from '../../support/polling-clients.ts';
import { ResumingEventSource, ResumingWebSocket, type ResumingClient } from '../../support/resuming-clients.ts';

// Three instances on one private Redis behind nginx; events published on A reach streams held by every instance.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 3, env: { TICKER_INTERVAL_MS: '0', PUBLISH_BURST: '1000', PUBLISH_PER_MINUTE: '60000' } });
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

async function expectEveryEventOnce(clients: ResumingClient[], ids: string[]): Promise<void> {
  await eventually(() => clients.every((client) => client.events().length >= ids.length), 10_000, 'every client to get every event');
  await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would arrive in this time
  for (const client of clients) expect(client.events().map((event) => event.id)).toEqual(ids);
}

/** The bases a test connects each transport to: an instance each, or nginx for all. */
interface Layout {
  sse: string;
  longPoll: string;
  webSocket: string;
  shortPoll: string;
}

/** Publishes 20 events on A while an SSE stream, a long poll, a WebSocket and a short poll listen where `layout` says. */
async function expectFourTransportsGetEveryEventOnce(layout: Layout): Promise<ResumingClient[]> {
  const a = cluster.instances[0]!;
  const sse = new ResumingEventSource(layout.sse, 'notifications');
  await sse.live();
  const webSocket = await ResumingWebSocket.open(layout.webSocket, 'notifications');
  const since = (await getPoll(layout.shortPoll, '/api/poll?topic=notifications')).body!.cursor;
  const count = 20;
  const longPoll = runPollLoop(layout.longPoll, 'long', { topic: 'notifications', since, want: count, timeoutS: 5 });
  const shortPoll = runPollLoop(layout.shortPoll, 'short', { topic: 'notifications', since, want: count, intervalMs: 100 });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await publish(a.url, `event ${i}`)).id);
  await expectEveryEventOnce([sse, webSocket], ids);
  for (const loop of [await longPoll, await shortPoll]) {
    expect(loop.resets).toEqual([]);
    expect(loop.events.map((event) => event.id)).toEqual(ids);
  }
  return [sse, webSocket];
}

describe('events published on instance A', () => {
  it('reach an SSE stream on B, a long poll on C, a WebSocket on A and a short poll on B exactly once, in order, connected directly', async () => {
    const [a, b, c] = cluster.instances as [ClusterInstance, ClusterInstance, ClusterInstance];
    const [sse, webSocket] = await expectFourTransportsGetEveryEventOnce({
      sse: b.url,
      longPoll: c.url,
      webSocket: a.url,
      shortPoll: b.url,
    });
    expect([sse!.instances, webSocket!.instances]).toEqual([[b.id], [a.id]]);
    for (const client of [sse!, webSocket!]) client.close();
  });

  it('reach the same four transports connected through nginx exactly once, in order', async () => {
    const clients = await expectFourTransportsGetEveryEventOnce({
      sse: cluster.url,
      longPoll: cluster.url,
      webSocket: cluster.url,
      shortPoll: cluster.url,
    });
    for (const client of clients) client.close();
  });

  it('reach SSE streams and WebSockets connected through nginx exactly once, in order, whichever instance serves them', async () => {
    const a = cluster.instances[0]!;
    const clients: ResumingClient[] = [];
    for (let i = 0; i < 6; i++) {
      const sse = new ResumingEventSource(cluster.url, 'notifications');
      await sse.live();
      clients.push(sse, await ResumingWebSocket.open(cluster.url, 'notifications'));
    }
    // nginx spreads the connections: more than one instance serves them.
    expect(new Set(clients.flatMap((client) => client.instances)).size).toBeGreaterThan(1);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await publish(a.url, `via nginx ${i}`)).id);
    await expectEveryEventOnce(clients, ids);
    for (const client of clients) client.close();
  });
});
