import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/server/cluster/free-port.ts';
import { startRedis } from '../../src/server/cluster/redis-process.ts';

export { redisCommand } from '../../src/server/cluster/redis-process.ts';

/** A private redis-server for one test file: no persistence, loopback only, on a free port. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Ends the server abruptly (SIGKILL): its data is gone, like a crash without persistence. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty, since nothing is persisted). */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>;
}

/** Starts `redis-server` (from PATH) the way `npm run cluster` does, in a temporary directory it removes on stop. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'redis-test-'));
  const redis = await startRedis({ port: await freePort(), dir });
  return {
    port: redis.port,
    url: redis.url,
    kill: () => redis.kill(),
    start: () => redis.start(),
    async stop() {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
