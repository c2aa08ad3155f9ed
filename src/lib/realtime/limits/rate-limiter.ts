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

/** One token bucket per key (an IP, a connection): `take(key)` is false once the key is over its rate. */
export class RateLimiter {
  readonly #options: Required<RateLimiterOptions>;
  // In least-recently-used order: `take` moves its key to the end.
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: RateLimiterOptions) {
    this.#options = { now: Date.now, maxKeys: 10_000, ...options };
  }

  take(key: string): boolean {
    const { capacity, refillPerSecond, now } = this.#options;
    const at = now();
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond);
    bucket.at = at;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
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
    const { capacity, refillPerSecond, maxKeys } = this.#options;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond >= capacity) this.#buckets.delete(key);
    }
    const target = Math.floor(maxKeys * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= target) break;
      this.#buckets.delete(key);
    }
  }
}
