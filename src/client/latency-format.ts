import type { ClockEstimate } from './clock.ts';

/**
 * How a clock-corrected latency is shown. The offset between the browser's clock and the server's is
 * known only to within half the round trip of its best sample, so a latency smaller than that
 * uncertainty (or below zero) is noise, not a measurement: it is shown as "≈ 0 ms (± u)", never as
 * a number that claims more than was measured.
 */

/** How far the clock offset may be wrong, in ms: half the round trip of the sample it came from. */
export function clockUncertainty(clock: ClockEstimate | undefined): number | undefined {
  return clock === undefined ? undefined : clock.rttMs / 2;
}

/** True when `ms` is within the clock's uncertainty of zero (or below it): too small to call. */
export function isBelowUncertainty(ms: number, uncertaintyMs: number | undefined): boolean {
  return ms < (uncertaintyMs ?? 0) || ms < 0;
}

/**
 * Formats a latency for a counter: "–" before there is one, "≈ 0 ms (± 210)" when it is below the
 * clock's uncertainty, otherwise "340 ms". Without a clock estimate (`uncertaintyMs` undefined) only
 * negative values are folded to "≈ 0 ms".
 */
export function formatLatency(ms: number | undefined, uncertaintyMs: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '–';
  if (isBelowUncertainty(ms, uncertaintyMs)) {
    return uncertaintyMs === undefined ? '≈ 0 ms' : `≈ 0 ms (± ${Math.round(uncertaintyMs)})`;
  }
  return `${Math.round(ms)} ms`;
}

/** Formats the clock offset itself, signed, with its uncertainty: "+12 ms ± 3 ms". */
export function formatOffset(clock: ClockEstimate): string {
  const sign = clock.offsetMs >= 0 ? '+' : '−';
  return `${sign}${Math.abs(Math.round(clock.offsetMs))} ms ± ${Math.round(clockUncertainty(clock)!)} ms`;
}

/**
 * A sentence for a report, e.g. "arrived 340 ms after the server published it", or, when the latency
 * is too small to measure, one that says so and why.
 */
export function describeLatency(ms: number | undefined, uncertaintyMs: number | undefined): string {
  if (ms === undefined) return 'arrived (its delay is unknown: the clock offset to the server is not measured yet)';
  if (!isBelowUncertainty(ms, uncertaintyMs)) return `arrived ${formatLatency(ms, uncertaintyMs)} after the server published it`;
  const within = uncertaintyMs === undefined ? '' : ` of ± ${Math.round(uncertaintyMs)} ms`;
  return (
    `arrived ${formatLatency(ms, uncertaintyMs)} after the server published it: faster than this page can measure, ` +
    `because the browser's and the server's clocks are matched only to within half a round trip${within}`
  );
}
