import { ClusterPresence } from './cluster-presence.ts';
import { instanceId } from './instance-id.ts';
import { MemoryInstanceRegistry } from './instance-registry.ts';
import { RedisInstanceRegistry } from './redis-instance-registry.ts';

/** Connection counts an instance reports, read from the runtime. */
export type Measure = () => { sseStreams: number; webSockets: number; longPolls: number };

/** This process's presence: in Redis when `REDIS_URL` is set (shared with the other instances), else in memory. */
export function createClusterPresence(env: Record<string, string | undefined>, measure: Measure): ClusterPresence {
  const redisUrl = env.REDIS_URL;
  return new ClusterPresence({
    id: instanceId(env),
    registry: redisUrl ? new RedisInstanceRegistry(redisUrl) : new MemoryInstanceRegistry(),
    clustered: Boolean(redisUrl),
    demo: env.CLUSTER_DEMO === '1',
    measure,
  });
}
