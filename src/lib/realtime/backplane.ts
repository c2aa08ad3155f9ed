import type { Bus } from './bus/bus.ts';
import { MemoryBus } from './bus/memory-bus.ts';
import { RedisBus } from './bus/redis-bus.ts';
import { RedisLease, soloLease, type Lease } from './cluster/leader-lease.ts';
import { MemoryPresence, RedisPresence, type Presence } from './cluster/presence.ts';
import type { RealtimeConfig } from './config.ts';
import { LocalLimiter, SharedLimiter, type Limiter } from './limits/shared-rate-limiter.ts';
import { RedisConnection } from './redis/redis-connection.ts';

/** Prefix of every key and channel this site uses in Redis. */
const KEY_PREFIX = 'rl:';

/**
 * What instances share: the bus and the cluster-wide state (singleton jobs, rate limits, chat
 * presence). In memory for one process (no REDIS_URL), in Redis for several.
 */
export interface Backplane {
  readonly kind: 'memory' | 'redis';
  readonly bus: Bus;
  /** False while Redis cannot be reached (publishes and reads fail then); always true in memory. */
  readonly healthy: boolean;
  /** Calls `listener` with the new state each time `healthy` changes; returns the function that stops it. */
  onHealth(listener: (healthy: boolean) => void): () => void;
  /** A lease that at most one instance holds at a time, for the job named `job`. */
  lease(job: string): Lease;
  /** A rate limit per key over every instance, named `name`. */
  limiter(name: string, options: { capacity: number; refillPerSecond: number }): Limiter;
  readonly presence: Presence;
  close(): Promise<void>;
}

/** The backplane the settings ask for: Redis when REDIS_URL is set, else memory. */
export function createBackplane(config: RealtimeConfig): Backplane {
  return config.REDIS_URL ? redisBackplane(config, config.REDIS_URL) : memoryBackplane(config);
}

function memoryBackplane(config: RealtimeConfig): Backplane {
  const bus = new MemoryBus({ replayLimit: config.REPLAY_LIMIT });
  return {
    kind: 'memory',
    bus,
    healthy: true,
    onHealth: () => () => {},
    lease: () => soloLease,
    limiter: (_name, options) => new LocalLimiter(options),
    presence: new MemoryPresence(),
    close: () => bus.close(),
  };
}

function redisBackplane(config: RealtimeConfig, url: string): Backplane {
  const connection = new RedisConnection({ url });
  const bus = new RedisBus({ connection, replayLimit: config.REPLAY_LIMIT, keyPrefix: KEY_PREFIX });
  const presence = new RedisPresence({ connection, instanceId: config.INSTANCE_ID, keyPrefix: KEY_PREFIX });
  const leases: Lease[] = [];
  return {
    kind: 'redis',
    bus,
    get healthy() {
      return bus.healthy;
    },
    onHealth: (listener) => bus.onHealth(listener),
    lease(job) {
      const lease = new RedisLease({ connection, key: `${KEY_PREFIX}lease:${job}`, holder: config.INSTANCE_ID });
      leases.push(lease);
      return lease;
    },
    limiter: (name, options) => new SharedLimiter({ connection, keyPrefix: `${KEY_PREFIX}rate:${name}:`, ...options }),
    presence,
    async close() {
      await Promise.all(leases.map((lease) => lease.close()));
      await presence.close();
      await bus.close();
      await connection.close();
    },
  };
}
