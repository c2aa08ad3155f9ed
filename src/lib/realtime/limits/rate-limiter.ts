/** Options for a token-bucket rate limiter. */
export interface RateLimiterOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
  /** Clock in ms; tests pass a fake one. Default Date.now. */
  now?: () => number;
}

/** One token bucket per key (an IP, a connection): `take(key)` is false once the key is over its rate. */
export class RateLimiter {
  readonly #options: Required<RateLimiterOptions>;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: RateLimiterOptions) {
    this.#options = { now: Date.now, ...options };
  }

  take(key: string): boolean {
    const { capacity, refillPerSecond, now } = this.#options;
    const at = now();
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond);
    bucket.at = at;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#forgetFullBuckets(at);
    return allowed;
  }

  /** Full buckets carry no information, so dropping them bounds memory without changing answers. */
  #forgetFullBuckets(at: number): void {
    const { capacity, refillPerSecond } = this.#options;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond >= capacity) this.#buckets.delete(key);
    }
  }
}
