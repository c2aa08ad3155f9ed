import { RedisBus } from '../../src/lib/realtime/bus/redis-bus.ts';
import { RedisConnection } from '../../src/lib/realtime/redis/redis-connection.ts';

/** Polls `check` every 10 ms until it holds; fails after `timeoutMs` naming `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Redis buses for one test file: each one its own "process" (its own two connections). */
export class RedisBusPool {
  readonly #url: () => string;
  readonly #connections: RedisConnection[] = [];

  constructor(url: () => string) {
    this.#url = url;
  }

  /** A connection to the test's Redis, closed by `closeAll`. */
  connect(): RedisConnection {
    const connection = new RedisConnection({ url: this.#url(), maxReconnectDelayMs: 200 });
    this.#connections.push(connection);
    return connection;
  }

  /** A bus on its own connection, once it reports healthy. */
  async bus(replayLimit = 1000, connection = this.connect()): Promise<RedisBus> {
    const bus = new RedisBus({ connection, replayLimit });
    await waitUntil(() => bus.healthy, 'the bus to be healthy');
    return bus;
  }

  async closeAll(): Promise<void> {
    for (const connection of this.#connections.splice(0)) await connection.close();
  }
}
