import { describe, expect, it } from 'vitest';
import { decadeCeiling, decadeTicks, latencyPath, latencyY, tickLabel } from '../../src/client/race/chart.ts';

describe('latencyPath (log scale)', () => {
  const box = { width: 600, height: 200, maxAtMs: 10_000, maxLatencyMs: 1000 };

  it('maps time to x and each decade of latency to an equal step up', () => {
    const path = latencyPath(
      [
        { atMs: 0, latencyMs: 1 },
        { atMs: 5000, latencyMs: 10 },
        { atMs: 7500, latencyMs: 100 },
        { atMs: 10_000, latencyMs: 1000 },
      ],
      box,
    );
    expect(path).toBe('M0 200 L300 133.3 L450 66.7 L600 0');
  });

  // Regression: on a linear axis up to 5000 ms, lanes at 3 ms and 40 ms were one flat line at the bottom.
  it('keeps a 3 ms lane and a 40 ms lane apart when the slowest is 2 s', () => {
    const tall = { ...box, maxLatencyMs: decadeCeiling(2012) };
    expect(tall.maxLatencyMs).toBe(10_000);
    expect(latencyY(40, tall) - latencyY(3, tall)).toBeCloseTo(-(Math.log10(40 / 3) / 4) * 200, 0);
    expect(latencyY(3, tall)).toBe(176.1);
  });

  it('clamps points beyond the box (and latencies under 1 ms) to its edges', () => {
    expect(
      latencyPath(
        [
          { atMs: 20_000, latencyMs: 250_000 },
          { atMs: 1, latencyMs: 0 },
        ],
        box,
      ),
    ).toBe('M600 0 L0.1 200');
  });

  it('draws nothing without points', () => {
    expect(latencyPath([], box)).toBe('');
  });
});

describe('the log axis', () => {
  it('tops out at the first power of ten at or above the highest point, at least 10 ms', () => {
    expect([1, 10, 11, 100, 2012, 10_001].map(decadeCeiling)).toEqual([10, 10, 100, 100, 10_000, 100_000]);
  });

  it('has a gridline per decade, labelled in ms or s', () => {
    expect(decadeTicks(1, 10_000)).toEqual([1, 10, 100, 1000, 10_000]);
    expect(decadeTicks(1, 10_000).map(tickLabel)).toEqual(['1 ms', '10 ms', '100 ms', '1 s', '10 s']);
  });
});
