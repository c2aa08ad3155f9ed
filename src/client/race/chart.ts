import type { LatencyPoint } from './lane.ts';

/**
 * The drawing area of the latency chart, in SVG user units. Latency is on a log scale: a race mixes
 * a push transport's few milliseconds with a short poll's seconds, and on a linear axis the fast
 * lanes collapse into one flat line at the bottom.
 */
export interface ChartBox {
  width: number;
  height: number;
  /** Right end of the time axis, ms. */
  maxAtMs: number;
  /** Top of the latency axis, ms (a power of ten). */
  maxLatencyMs: number;
  /** Bottom of the latency axis, ms; smaller latencies sit on it. Default 1. */
  minLatencyMs?: number;
}

/** The height, from the top, at which `latencyMs` sits on the log axis of `box`. Pure. */
export function latencyY(latencyMs: number, box: ChartBox): number {
  const min = box.minLatencyMs ?? 1;
  const low = Math.log10(min);
  const high = Math.log10(box.maxLatencyMs);
  const value = Math.log10(Math.min(Math.max(latencyMs, min), box.maxLatencyMs));
  return round(box.height - ((value - low) / (high - low)) * box.height);
}

/** An SVG path through the points, time to the right, latency upwards on a log scale ("" for no points). Pure. */
export function latencyPath(points: readonly LatencyPoint[], box: ChartBox): string {
  const x = (atMs: number) => round((Math.min(atMs, box.maxAtMs) / box.maxAtMs) * box.width);
  return points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.atMs)} ${latencyY(point.latencyMs, box)}`).join(' ');
}

/** The top of the log axis: the first power of ten at or above the highest point, at least 10 ms. */
export function decadeCeiling(maxMs: number): number {
  let top = 10;
  while (top < maxMs) top *= 10;
  return top;
}

/** The gridlines of a log axis from `minMs` to `maxMs`: every power of ten in between, both ends included. */
export function decadeTicks(minMs: number, maxMs: number): number[] {
  const ticks: number[] = [];
  for (let tick = minMs; tick <= maxMs; tick *= 10) ticks.push(tick);
  return ticks;
}

/** A tick label: "1 ms", "100 ms", "1 s", "10 s". */
export function tickLabel(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
