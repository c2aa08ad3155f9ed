import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../src/server/cluster/cluster.ts';
import { eventually } from '../../support/clients.ts';
import { gapsAndDuplicates, ResumingWebSocket } from '../../support/resuming-clients.ts';

// Three instances that would each publish a tick every 100 ms if they did not share one lease.
const INTERVAL_MS = 100;
let cluster: Cluster;
let redis: ReturnType<typeof createClient>;
beforeAll(async () => {
  cluster = await startCluster({ instances: 3, env: { TICKER_INTERVAL_MS: String(INTERVAL_MS) } });
  redis = createClient({ url: cluster.redisUrl });
  await redis.connect();
}, 90_000);
afterAll(async () => {
  await redis?.quit();
  await cluster?.stop();
}, 30_000);

/** The instance holding the ticker lease, as Redis has it (the key names the holder). */
async function leader(): Promise<string | null> {
  return (await redis.sendCommand<string | null>(['GET', 'rl:lease:ticker'])) ?? null;
}

/** Ticks whose timestamps fall in [from, from + ms). */
const ticksIn = (ticks: { ts: number }[], from: number, ms: number): number =>
  ticks.filter((tick) => tick.ts >= from && tick.ts < from + ms).length;

describe('the ticker across three instances', () => {
  it('has one leader: contiguous ids, one tick per interval; after kill -9 of the leader another takes over within 3 s', async () => {
    await eventually(async () => (await leader()) !== null, 5000, 'a ticker leader');
    const first = (await leader())!;
    const observerInstance = cluster.instances.find((instance) => instance.id !== first)!;
    const observer = await ResumingWebSocket.open(observerInstance.url, 'ticker');

    const watchFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const before = observer.events();
    // One leader ticks ~30 times in 3 s; three would tick ~90 times.
    expect(ticksIn(before, watchFrom, 3000)).toBeGreaterThanOrEqual(15);
    expect(ticksIn(before, watchFrom, 3000)).toBeLessThanOrEqual(40);
    expect(gapsAndDuplicates(observer.timeline)).toEqual([]);

    const leaderInstance = cluster.instances.find((instance) => instance.id === first)!;
    const killedAt = Date.now();
    await leaderInstance.kill('SIGKILL');
    await eventually(() => observer.events().some((tick) => tick.ts > killedAt), 5000, 'a tick after the kill');
    const firstAfter = observer.events().find((tick) => tick.ts > killedAt)!;
    expect(firstAfter.ts - killedAt).toBeLessThan(3000);
    const next = await leader();
    expect(next).not.toBe(first);
    expect(cluster.instances.map((instance) => instance.id)).toContain(next);

    // The new leader alone ticks, continuing the same sequence.
    const resumedFrom = firstAfter.ts;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(ticksIn(observer.events(), resumedFrom, 2000)).toBeGreaterThanOrEqual(10);
    expect(ticksIn(observer.events(), resumedFrom, 2000)).toBeLessThanOrEqual(28);
    expect(gapsAndDuplicates(observer.timeline)).toEqual([]);
    expect(observer.closeCodes).toEqual([]);
    observer.close();
  });
});
