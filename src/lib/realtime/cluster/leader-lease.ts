import { LuaScript } from '../redis/lua-script.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';

/** Whether this instance may do a cluster-wide singleton job (publish the ticker) right now. */
export interface Lease {
  readonly held: boolean;
  /** Stops trying, and gives the lease up if held so another instance takes over at once. */
  close(): Promise<void>;
}

/** The lease of a single process: always held. */
export const soloLease: Lease = { held: true, close: async () => {} };

/** Takes the lease when free (SET NX PX), or extends it when this holder has it. Replies 1 if held. */
const ACQUIRE_SCRIPT = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
return 1
`);

/** Deletes the lease only if this holder has it (never another's that took over). */
const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Options for a lease in Redis. */
export interface RedisLeaseOptions {
  connection: RedisConnection;
  /** The key that names the job, e.g. `rl:lease:ticker`. */
  key: string;
  /** Who holds it: the instance id. */
  holder: string;
  /** How long a lease lasts without renewal, ms; a dead holder's lease is free this long after its last renewal. Default 1500. */
  ttlMs?: number;
  /** How often the holder renews and the others try to take it, ms. Default a third of the TTL. */
  renewEveryMs?: number;
}

/**
 * A lease in Redis that at most one instance holds: the holder renews it every `renewEveryMs`;
 * when it dies, the key expires after `ttlMs` and the next instance to try takes it, so takeover
 * takes at most ttl + renewal period (2 s with the defaults). The holder counts its lease from
 * the moment it *sent* the renewal, so it believes it holds it no longer than Redis keeps it:
 * an instance cut off from Redis stops before another can start — no duplicate ticks.
 */
export class RedisLease implements Lease {
  readonly #options: Required<RedisLeaseOptions>;
  readonly #timer: ReturnType<typeof setInterval>;
  /** performance.now() until which the lease is ours; 0 when not held. */
  #validUntil = 0;
  #closed = false;

  constructor(options: RedisLeaseOptions) {
    const ttlMs = options.ttlMs ?? 1500;
    this.#options = { ttlMs, renewEveryMs: Math.max(10, Math.floor(ttlMs / 3)), ...options };
    this.#timer = setInterval(() => void this.#attempt(), this.#options.renewEveryMs);
    this.#timer.unref();
    void this.#attempt();
  }

  get held(): boolean {
    return performance.now() < this.#validUntil;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    if (!this.held) return;
    this.#validUntil = 0;
    const { connection, key, holder } = this.#options;
    await connection.run((client) => RELEASE_SCRIPT.run(client, [key], [holder])).catch(() => undefined);
  }

  async #attempt(): Promise<void> {
    const { connection, key, holder, ttlMs } = this.#options;
    const sentAt = performance.now();
    try {
      const held = await connection.run((client) => ACQUIRE_SCRIPT.run<number>(client, [key], [holder, ttlMs]));
      if (this.#closed) return;
      // A reply that took longer than the lease is worthless; otherwise it runs from when it was asked.
      this.#validUntil = held === 1 ? sentAt + ttlMs : 0;
    } catch {
      // Redis unreachable: the lease runs out on its own at #validUntil.
    }
  }
}
