import { describe, expect, it } from 'vitest';
import { clockUncertainty, describeLatency, formatLatency, formatOffset, isBelowUncertainty } from '../../src/client/latency-format.ts';

describe('formatLatency', () => {
  it('shows a dash before there is a latency', () => {
    expect(formatLatency(undefined, 12)).toBe('–');
    expect(formatLatency(Number.NaN, 12)).toBe('–');
  });

  it('shows a latency at or above the uncertainty as a rounded number', () => {
    expect(formatLatency(340.4, 210)).toBe('340 ms');
    expect(formatLatency(210, 210)).toBe('210 ms');
    expect(formatLatency(5, 2.5)).toBe('5 ms');
  });

  // Regression: on a slow network the widgets printed "−175 ms" while the offset was ± 210 ms.
  it('never shows a negative latency as a number', () => {
    expect(formatLatency(-175, 210)).toBe('≈ 0 ms (± 210)');
    expect(formatLatency(-3, undefined)).toBe('≈ 0 ms');
  });

  it('folds a positive latency below the uncertainty to ≈ 0 with the uncertainty', () => {
    expect(formatLatency(150, 210.4)).toBe('≈ 0 ms (± 210)');
    expect(formatLatency(0.4, 0.6)).toBe('≈ 0 ms (± 1)');
  });

  it('without a clock estimate, shows non-negative values as they are', () => {
    expect(formatLatency(0, undefined)).toBe('0 ms');
    expect(formatLatency(42.6, undefined)).toBe('43 ms');
  });
});

describe('clock uncertainty', () => {
  it('is half the round trip of the sample used', () => {
    expect(clockUncertainty({ offsetMs: 7, rttMs: 420 })).toBe(210);
    expect(clockUncertainty(undefined)).toBeUndefined();
  });

  it('counts a latency equal to the uncertainty as measurable', () => {
    expect(isBelowUncertainty(210, 210)).toBe(false);
    expect(isBelowUncertainty(209.9, 210)).toBe(true);
  });

  it('formats the offset signed, with its uncertainty', () => {
    expect(formatOffset({ offsetMs: 12.3, rttMs: 6 })).toBe('+12 ms ± 3 ms');
    expect(formatOffset({ offsetMs: -40.6, rttMs: 420 })).toBe('−41 ms ± 210 ms');
  });
});

describe('describeLatency', () => {
  it('states a measurable latency plainly', () => {
    expect(describeLatency(340, 10)).toBe('arrived 340 ms after the server published it');
  });

  it('says why a latency below the uncertainty is not a number', () => {
    expect(describeLatency(-202, 210)).toBe(
      "arrived ≈ 0 ms (± 210) after the server published it: faster than this page can measure, because the browser's and the server's clocks are matched only to within half a round trip of ± 210 ms",
    );
  });

  it('says when the clock is not measured yet', () => {
    expect(describeLatency(undefined, undefined)).toMatch(/not measured yet/);
  });
});
