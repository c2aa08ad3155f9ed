import { LuaScript } from '../redis/lua-script.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';

/** A rate limit per key (a client address); `take` resolves false once the key is over its rate. */
export interface Limiter {
  take(key: string): Promise<boolean>;
}

/** The limiter of a single process: a token bucket per key in memory. */
export class LocalLimiter implements Limiter {
  readonly #buckets: RateLimiter;

  constructor(options: RateLimiterOptions) {
    this.#buckets = new RateLimiter(options);
  }

  async take(key: string): Promise<boolean> {
    return this.#buckets.take(key);
  }
}

/**
 * A token bucket in a hash `{t: tokens, at: ms}`, timed by Redis's own clock (TIME) so instances
 * with skewed clocks agree. The key expires once the bucket would be full again: a full bucket
 * carries no information, so memory stays bounded by the keys active in the last refill period.
 * KEYS: bucket. ARGV: capacity, tokens per ms, ms to refill from empty. Replies 1 if allowed.
 */
const TAKE_SCRIPT = new LuaScript(`
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return allowed
`);

/** Options for a rate limit shared by every instance through Redis. */
export interface SharedLimiterOptions {
  connection: RedisConnection;
  /** Names this limit's keys, e.g. `rl:rate:publish:`; the client key follows. */
  keyPrefix: string;
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
}

/**
 * A token bucket per key shared by every instance, so a client cannot multiply its rate by the
 * number of instances behind the load balancer. While Redis cannot be reached it falls back to a
 * bucket in this instance's memory: requests stay limited (per instance) instead of failing.
 */
export class SharedLimiter implements Limiter {
  readonly #options: SharedLimiterOptions;
  readonly #fallback: LocalLimiter;

  constructor(options: SharedLimiterOptions) {
    this.#options = options;
    this.#fallback = new LocalLimiter({ capacity: options.capacity, refillPerSecond: options.refillPerSecond });
  }

  async take(key: string): Promise<boolean> {
    const { connection, keyPrefix, capacity, refillPerSecond } = this.#options;
    const refillMs = Math.ceil((capacity / refillPerSecond) * 1000);
    try {
      const allowed = await connection.run((client) =>
        TAKE_SCRIPT.run<number>(client, [keyPrefix + key], [capacity, refillPerSecond / 1000, refillMs]),
      );
      return allowed === 1;
    } catch {
      return this.#fallback.take(key);
    }
  }
}
