import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterInstance } from '../../../src/server/cluster/cluster.ts';
import { eventually, publish } from '../../support/clients.ts';
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

describe('one event published on instance A', () => {
  it('reaches an SSE stream on B and WebSockets on A and C exactly once, in order, connected directly', async () => {
    const [a, b, c] = cluster.instances as [ClusterInstance, ClusterInstance, ClusterInstance];
    const sse = new ResumingEventSource(b.url, 'notifications');
    await sse.live();
    const onA = await ResumingWebSocket.open(a.url, 'notifications');
    const onC = await ResumingWebSocket.open(c.url, 'notifications');
    expect([sse.instances, onA.instances, onC.instances]).toEqual([[b.id], [a.id], [c.id]]);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await publish(a.url, `direct ${i}`)).id);
    await expectEveryEventOnce([sse, onA, onC], ids);
    for (const client of [sse, onA, onC]) client.close();
  });

  it('reaches SSE streams and WebSockets connected through nginx exactly once, in order, whichever instance serves them', async () => {
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
