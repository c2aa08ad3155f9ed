import type { LatencyPoint } from './lane.ts';

/** The drawing area of the latency chart, in SVG user units. */
export interface ChartBox {
  width: number;
  height: number;
  /** Right end of the time axis, ms. */
  maxAtMs: number;
  /** Top of the latency axis, ms. */
  maxLatencyMs: number;
}

/** An SVG path through the points, time to the right, latency upwards ("" for no points). Pure. */
export function latencyPath(points: readonly LatencyPoint[], box: ChartBox): string {
  const x = (atMs: number) => round((Math.min(atMs, box.maxAtMs) / box.maxAtMs) * box.width);
  const y = (latencyMs: number) => round(box.height - (Math.min(latencyMs, box.maxLatencyMs) / box.maxLatencyMs) * box.height);
  return points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.atMs)} ${y(point.latencyMs)}`).join(' ');
}

/** A round top for the latency axis: the next of 50, 100, 200, 500, 1000, 2000, 5000… ms above the highest point. */
export function niceCeiling(maxMs: number): number {
  for (let decade = 10; ; decade *= 10) {
    for (const step of [5, 10, 20]) if (maxMs <= step * decade) return step * decade;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
