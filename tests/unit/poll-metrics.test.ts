import { describe, expect, it } from 'vitest';
import { expectedShortPollLatency, formatDuration, formatShare, MAX_SAMPLES, PollMetrics } from '../../src/client/poll-metrics.ts';

const request = (outcome: 'data' | 'empty' | 'timeout' | 'error' | 'aborted', held = 10) => ({
  startedAt: 1000,
  endedAt: 1000 + held,
  outcome,
});

describe('poll metrics', () => {
  it('counts requests by how they ended, and ignores aborted ones', () => {
    const metrics = new PollMetrics();
    metrics.record(request('data'), [
      { latency: 120, bytes: 100 },
      { latency: 620, bytes: 110 },
    ]);
    metrics.record(request('empty'));
    metrics.record(request('empty'));
    metrics.record(request('timeout', 25_000));
    metrics.record(request('error'));
    metrics.record(request('aborted', 3000));
    expect(metrics).toMatchObject({ requests: 5, withData: 1, empty: 2, timeouts: 1, errors: 1, events: 2, eventBytes: 210 });
    expect(metrics.latencies).toEqual([120, 620]);
    expect(metrics.holds).toEqual([10, 10, 10, 25_000, 10]);
    expect(metrics.meanHold()).toBe(5008);
  });

  it('counts empty replies and timeouts as questions that brought nothing', () => {
    const metrics = new PollMetrics();
    expect(metrics.emptyShare()).toBeUndefined();
    metrics.record(request('data'), [{ bytes: 1 }]);
    metrics.record(request('empty'));
    metrics.record(request('timeout'));
    metrics.record(request('empty'));
    expect(metrics.emptyShare()).toBe(0.75);
  });

  it('divides measured wire bytes by delivered events, and compares them with the events’ own bytes', () => {
    const metrics = new PollMetrics();
    expect(metrics.bytesPerEvent(5000)).toBeUndefined();
    metrics.record(request('data'), [{ bytes: 150 }, { bytes: 250 }]);
    expect(metrics.bytesPerEvent(2000)).toBe(1000);
    expect(metrics.eventDataShare(2000)).toBe(0.2);
    expect(metrics.eventDataShare(0)).toBeUndefined();
    // The usage reading can lag the events by a second; the share never claims more than all of it.
    expect(metrics.eventDataShare(100)).toBe(1);
  });

  it('keeps the latest samples only, and forgets latencies on demand', () => {
    const metrics = new PollMetrics();
    for (let i = 0; i < MAX_SAMPLES + 5; i++) metrics.record(request('data'), [{ latency: i, bytes: 1 }]);
    expect(metrics.latencies).toHaveLength(MAX_SAMPLES);
    expect(metrics.latencies[0]).toBe(5);
    metrics.clearLatencies();
    expect(metrics.latencies).toEqual([]);
    expect(metrics.events).toBe(MAX_SAMPLES + 5);
  });

  it('predicts half an interval on average and a whole one at worst', () => {
    expect(expectedShortPollLatency(2000)).toEqual({ average: 1000, worst: 2000 });
    expect(expectedShortPollLatency(500)).toEqual({ average: 250, worst: 500 });
  });

  it('formats shares and durations for the counters', () => {
    expect(formatShare(undefined)).toBe('–');
    expect(formatShare(0.916)).toBe('92 %');
    expect(formatDuration(undefined)).toBe('–');
    expect(formatDuration(840.4)).toBe('840 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(25_000)).toBe('25.0 s');
  });
});
