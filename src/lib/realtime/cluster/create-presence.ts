import { ClusterPresence } from './cluster-presence.ts';
import { MemoryInstanceRegistry } from './instance-registry.ts';
import { RedisInstanceRegistry } from './redis-instance-registry.ts';

/** Connection counts an instance reports, read from the runtime. */
export type Measure = () => { sseStreams: number; webSockets: number; longPolls: number };

/** This process's presence: in Redis when `redisUrl` is set (shared with the other instances), else in memory. */
export function createClusterPresence(
  settings: { id: string; redisUrl: string | undefined; demo: boolean },
  measure: Measure,
): ClusterPresence {
  const { redisUrl } = settings;
  return new ClusterPresence({
    id: settings.id,
    registry: redisUrl ? new RedisInstanceRegistry(redisUrl) : new MemoryInstanceRegistry(),
    clustered: Boolean(redisUrl),
    demo: settings.demo,
    measure,
  });
}
