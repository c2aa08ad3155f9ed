/** How one poll request ended. */
export type PollOutcome = 'data' | 'empty' | 'timeout' | 'error' | 'aborted';

/** One request as a widget saw it, in browser time (ms since the epoch). */
export interface PollRequest {
  /** 1 for the first request of a run. */
  n: number;
  startedAt: number;
  /** Undefined while the request is in flight (a held long poll). */
  endedAt?: number;
  outcome?: PollOutcome;
  events: number;
  status?: number;
}

/** Latency and hold samples kept for percentiles; older ones drop off. */
export const MAX_SAMPLES = 1000;

/**
 * The counters of a polling widget, fed with what really happened: requests, how each ended,
 * events delivered, their clock-corrected latencies and how long each request was held.
 */
export class PollMetrics {
  requests = 0;
  withData = 0;
  empty = 0;
  timeouts = 0;
  errors = 0;
  events = 0;
  /** Bytes of the events' own JSON, the part of the traffic that is news. */
  eventBytes = 0;
  readonly latencies: number[] = [];
  readonly holds: number[] = [];

  /** Counts a request that ended; `latencies` are those of the events it brought. */
  record(
    request: Required<Pick<PollRequest, 'startedAt' | 'endedAt' | 'outcome'>>,
    events: { latency?: number; bytes: number }[] = [],
  ): void {
    if (request.outcome === 'aborted') return;
    this.requests += 1;
    if (request.outcome === 'data') this.withData += 1;
    if (request.outcome === 'empty') this.empty += 1;
    if (request.outcome === 'timeout') this.timeouts += 1;
    if (request.outcome === 'error') this.errors += 1;
    push(this.holds, request.endedAt - request.startedAt);
    for (const event of events) {
      this.events += 1;
      this.eventBytes += event.bytes;
      if (event.latency !== undefined) push(this.latencies, event.latency);
    }
  }

  /** Forgets the latency samples (after the interval changes, so the percentiles describe the new one). */
  clearLatencies(): void {
    this.latencies.length = 0;
  }

  /** Share of requests that brought nothing (empty replies and timeouts), 0–1; undefined before any. */
  emptyShare(): number | undefined {
    return this.requests === 0 ? undefined : (this.empty + this.timeouts) / this.requests;
  }

  /** Wire bytes per delivered event; undefined until an event arrives. */
  bytesPerEvent(wireBytes: number): number | undefined {
    return this.events === 0 ? undefined : wireBytes / this.events;
  }

  /** Share of the wire bytes that was event data, 0–1; undefined before any bytes. */
  eventDataShare(wireBytes: number): number | undefined {
    return wireBytes === 0 ? undefined : Math.min(1, this.eventBytes / wireBytes);
  }

  /** Mean time requests were held open, in ms. */
  meanHold(): number | undefined {
    return this.holds.length === 0 ? undefined : this.holds.reduce((sum, hold) => sum + hold, 0) / this.holds.length;
  }
}

/**
 * What theory predicts for short polling when events arrive at random moments: on average an
 * event waits half an interval for the next request, and at worst a whole one (plus the round trip).
 */
export function expectedShortPollLatency(intervalMs: number): { average: number; worst: number } {
  return { average: intervalMs / 2, worst: intervalMs };
}

/** Formats a share 0–1 as a whole percentage, or "–". */
export function formatShare(share: number | undefined): string {
  return share === undefined ? '–' : `${Math.round(share * 100)} %`;
}

/** Formats a duration for people: "840 ms", "2.5 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function push(samples: number[], value: number): void {
  samples.push(value);
  if (samples.length > MAX_SAMPLES) samples.shift();
}
