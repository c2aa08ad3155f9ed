import { TokenBucket } from './token-bucket.ts';

/** Options for a token-bucket rate limiter. */
export interface RateLimiterOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
  /** Keys (addresses) remembered at most; past it, full buckets go first, then the least recently used. Default 10 000. */
  maxKeys?: number;
  /** Clock in ms; tests pass a fake one. Default Date.now. */
  now?: () => number;
}

/** One token bucket per key (a client address): `take(key)` is false once the key is over its rate. A single connection owns a TokenBucket instead. */
export class RateLimiter {
  readonly #options: Required<RateLimiterOptions>;
  // In least-recently-used order: `take` moves its key to the end.
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(options: RateLimiterOptions) {
    this.#options = { now: Date.now, maxKeys: 10_000, ...options };
  }

  take(key: string): boolean {
    const at = this.#options.now();
    const bucket = this.#buckets.get(key) ?? new TokenBucket(this.#options, at);
    const allowed = bucket.take(this.#options, at);
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#options.maxKeys) this.#evict(at);
    return allowed;
  }

  /** Keys remembered right now (the bound's test reads it). */
  get size(): number {
    return this.#buckets.size;
  }

  /**
   * Full buckets carry no information, so dropping them changes no answer. When many keys spend at
   * once (many addresses), the least recently used go too, down to 90 % of the bound, so the scan
   * runs once per 10 % of new keys, not on every take.
   */
  #evict(at: number): void {
    const { capacity, maxKeys } = this.#options;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.level(this.#options, at) >= capacity) this.#buckets.delete(key);
    }
    const target = Math.floor(maxKeys * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= target) break;
      this.#buckets.delete(key);
    }
  }
}
