import { describe, expect, it } from 'vitest';
import { latencyPath, niceCeiling } from '../../src/client/race/chart.ts';

describe('latencyPath', () => {
  const box = { width: 600, height: 200, maxAtMs: 10_000, maxLatencyMs: 100 };

  it('maps time to x and latency to y, latency growing upwards', () => {
    const path = latencyPath(
      [
        { atMs: 0, latencyMs: 0 },
        { atMs: 5000, latencyMs: 50 },
        { atMs: 10_000, latencyMs: 100 },
      ],
      box,
    );
    expect(path).toBe('M0 200 L300 100 L600 0');
  });

  it('clamps points beyond the box to its edges and rounds to a tenth', () => {
    expect(latencyPath([{ atMs: 20_000, latencyMs: 250 }, { atMs: 1, latencyMs: 33.333 }], box)).toBe('M600 0 L0.1 133.3');
  });

  it('draws nothing without points', () => {
    expect(latencyPath([], box)).toBe('');
  });
});

describe('niceCeiling', () => {
  it('rounds up to 50, 100, 200, 500, 1000 … ms', () => {
    expect([1, 50, 51, 101, 201, 501, 1999, 4500].map(niceCeiling)).toEqual([50, 50, 100, 200, 500, 1000, 2000, 5000]);
  });
});
