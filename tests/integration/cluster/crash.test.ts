import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../src/server/cluster/cluster.ts';
import { eventually } from '../../support/clients.ts';
import { clusterLoadEnv } from '../../support/cluster-env.ts';
import { keepPublishing } from '../../support/publisher.ts';
import { gapsAndDuplicates, ResumingEventSource, ResumingWebSocket, type ResumingClient } from '../../support/resuming-clients.ts';

// Three instances behind nginx; one is killed with SIGKILL (no goodbye to anyone) under load.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({
    instances: 3,
    env: clusterLoadEnv(200),
  });
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

describe('kill -9 of one instance of three under load', () => {
  it('100 WebSocket and 100 SSE clients through nginx reconnect to a survivor with their cursor and end with every event exactly once', async () => {
    const [publisherInstance, , victim] = cluster.instances as [Cluster['instances'][0], unknown, Cluster['instances'][0]];
    const sources = Array.from({ length: 100 }, () => new ResumingEventSource(cluster.url, 'notifications'));
    await Promise.all(sources.map((source) => source.live()));
    const sockets = await Promise.all(Array.from({ length: 100 }, () => ResumingWebSocket.open(cluster.url, 'notifications')));
    const clients: ResumingClient[] = [...sources, ...sockets];
    const onVictim = clients.filter((client) => client.instances[0] === victim.id);
    expect(onVictim.length).toBeGreaterThan(20);

    const publisher = keepPublishing(publisherInstance.url, 10);
    await eventually(() => publisher.accepted.length >= 10, 5000, 'ten events before the crash');
    await victim.kill('SIGKILL');
    await eventually(
      () => onVictim.every((client) => client.instances.length >= 2),
      15_000,
      'every client of the dead instance to reconnect',
    );
    const afterReconnect = publisher.accepted.length;
    await eventually(() => publisher.accepted.length >= afterReconnect + 10, 5000, 'ten events after the reconnections');
    const ids = await publisher.stop();
    expect(publisher.refused).toEqual([]);

    await eventually(() => clients.every((client) => client.events().length >= ids.length), 15_000, 'every client to catch up');
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive in this time
    for (const client of onVictim) expect(client.instances.slice(1)).not.toContain(victim.id);
    for (const client of clients) {
      expect(gapsAndDuplicates(client.timeline)).toEqual([]);
      expect(client.events().map((event) => event.id)).toEqual(ids);
    }
    for (const client of clients) client.close();
  });
});
