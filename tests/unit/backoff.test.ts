import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '../../src/client/backoff.ts';

describe('reconnect backoff', () => {
  it('doubles the ceiling from the base and stops at the maximum', () => {
    const options = { baseMs: 500, maxMs: 15_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50, 2000].map((attempt) => backoffCeiling(attempt, options))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });

  it('waits at least half the ceiling and at most the ceiling', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = backoffCeiling(attempt);
      expect(backoffDelay(attempt, { random: () => 0 })).toBe(ceiling / 2);
      expect(backoffDelay(attempt, { random: () => 0.999_999 })).toBe(ceiling);
      expect(backoffDelay(attempt, { random: () => 0.5 })).toBe(Math.round(ceiling * 0.75));
    }
  });

  it('spreads many clients over the upper half of the window', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4000);
    // Jitter, not one shared instant: the 2000 clients land on hundreds of different milliseconds.
    expect(new Set(delays).size).toBeGreaterThan(500);
    const firstHalf = delays.filter((delay) => delay < 3000).length;
    expect(firstHalf).toBeGreaterThan(800);
    expect(firstHalf).toBeLessThan(1200);
  });

  it('refuses an attempt number below 1', () => {
    expect(() => backoffDelay(0)).toThrow('attempt counts from 1');
  });
});
