/** Options for reconnect delays. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. Default 500. */
  baseMs?: number;
  /** Largest ceiling, in ms. Default 15 000. */
  maxMs?: number;
  /** Source of randomness in [0, 1). Default Math.random. */
  random?: () => number;
}

/** The ceiling for retry number `attempt` (1 for the first): base · 2^(attempt−1), capped at max. */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 500, maxMs = 15_000 } = options;
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt counts from 1, got ${attempt}`);
  // Math.min before the power would overflow: 2^1100 is Infinity, which min() still caps.
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/**
 * How long to wait before retry number `attempt`: a random point in the upper half of the
 * ceiling ("equal jitter"). Doubling spares a struggling server; the randomness spreads out the
 * thousands of clients that lost their connections at the same moment (a restart), so they do
 * not all come back in the same millisecond; keeping the lower half empty means no retry is instant.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const ceiling = backoffCeiling(attempt, options);
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
