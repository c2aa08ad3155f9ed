/** How fast a bucket fills and how much it holds. */
export interface BucketRate {
  /** Tokens a full bucket holds: the burst allowed at once. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
}

/**
 * One token bucket: two numbers and no copy of its rate, so a connection can own one for the
 * cost of a small object (its rate lives once, in the limits every connection shares).
 */
export class TokenBucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  at: number;

  /** A full bucket. */
  constructor(rate: BucketRate, now: number) {
    this.tokens = rate.capacity;
    this.at = now;
  }

  /** Refills up to `now`, then spends one token if there is one; false means over the rate. */
  take(rate: BucketRate, now: number): boolean {
    this.tokens = this.level(rate, now);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens the bucket would hold at `now`, without changing it. */
  level(rate: BucketRate, now: number): number {
    return Math.min(rate.capacity, this.tokens + ((now - this.at) / 1000) * rate.refillPerSecond);
  }
}
