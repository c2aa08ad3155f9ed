import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../src/server/cluster/cluster.ts';
import { eventually } from '../../support/clients.ts';
import { keepPublishing } from '../../support/publisher.ts';
import { ResumingWebSocket } from '../../support/resuming-clients.ts';

// Three instances behind nginx; one of them is drained (SIGTERM) while events keep coming.
let cluster: Cluster;
const unexpectedExits: string[] = [];
beforeAll(async () => {
  cluster = await startCluster({
    instances: 3,
    env: { TICKER_INTERVAL_MS: '0', PUBLISH_BURST: '1000', PUBLISH_PER_MINUTE: '60000', WS_MAX_PER_IP: '100' },
    onUnexpectedExit: (name, how) => unexpectedExits.push(`${name} ${how}`),
  });
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

describe('SIGTERM on one instance of three', () => {
  it('closes its WebSockets with 1001; they resume through nginx with their cursor and end with every event exactly once', async () => {
    const [publisherInstance, , target] = cluster.instances as [Cluster['instances'][0], unknown, Cluster['instances'][0]];
    const clients = await Promise.all(Array.from({ length: 12 }, () => ResumingWebSocket.open(cluster.url, 'notifications')));
    const drained = clients.filter((client) => client.instances[0] === target.id);
    const others = clients.filter((client) => client.instances[0] !== target.id);
    // least_conn spreads twelve sockets over the three instances.
    expect(drained.length).toBeGreaterThan(0);

    const publisher = keepPublishing(publisherInstance.url, 20);
    await eventually(() => publisher.accepted.length >= 10, 5000, 'ten events before the drain');
    await target.kill('SIGTERM');
    await eventually(() => drained.every((client) => client.instances.length === 2), 10_000, 'the drained clients to reconnect');
    const afterReconnect = publisher.accepted.length;
    await eventually(() => publisher.accepted.length >= afterReconnect + 10, 5000, 'ten events after the reconnections');
    const ids = await publisher.stop();
    expect(publisher.refused).toEqual([]);

    await eventually(() => clients.every((client) => client.events().length >= ids.length), 10_000, 'every client to catch up');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would arrive in this time
    for (const client of drained) {
      expect(client.closeCodes).toEqual([1001]);
      expect(client.instances[1]).not.toBe(target.id);
    }
    for (const client of others) expect(client.closeCodes).toEqual([]);
    for (const client of clients) expect(client.events().map((event) => event.id)).toEqual(ids);
    for (const client of clients) client.close();
    expect(unexpectedExits).toEqual([]);
  });
});
