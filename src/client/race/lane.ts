import type { RealtimeEvent } from '../../lib/realtime/event.ts';
import { latencySince } from '../clock.ts';
import { SequenceCheck } from '../sequence-check.ts';
import { percentile } from '../stats.ts';

/** What a lane needs to know about the race it runs in. */
export interface RaceTarget {
  topic: string;
  expected: number;
  /** server time − browser time, ms (from measureClockOffset). */
  offsetMs: number;
  /** Short polling's interval, ms. */
  pollIntervalMs: number;
  /** Sent with each HTTP request so the server can count this lane's bytes (/api/usage). */
  session: string;
}

/** Where a lane's byte count comes from: the server's own sockets, or RFC 6455 arithmetic. */
export type BytesSource = 'measured' | 'computed';

/** One latency sample for the chart: browser ms since the race started, and the event's latency. */
export interface LatencyPoint {
  atMs: number;
  latencyMs: number;
}

/** Every transport lane in the race has this shape: start, stop, and its counters. */
export interface RaceLane {
  readonly transport: 'short-polling' | 'long-polling' | 'sse' | 'websockets';
  readonly counters: LaneCounters;
  start(target: RaceTarget): void;
  /** Stops and releases every request or socket; resolves when the last byte count is in. */
  stop(): Promise<void>;
}

/** A lane's figures as the race table shows them. */
export interface LaneSummary {
  delivered: number;
  expected: number;
  missed: number;
  duplicated: number;
  p50?: number;
  p95?: number;
  max?: number;
  requests: number;
  empty: number;
  bytes: number;
  bytesSource: BytesSource;
  bytesPerEvent?: number;
  /** Held now while racing; once finished, the most held at once. */
  connections: number;
}

/**
 * The counters of one lane, and the check of every delivered event: by id (SequenceCheck) and by
 * the race's own number `n`, so a lost or repeated event is counted, never hidden.
 */
export class LaneCounters {
  readonly #check = new SequenceCheck();
  readonly #seen = new Set<number>();
  readonly #startedAt: number;
  readonly latencies: number[] = [];
  readonly points: LatencyPoint[] = [];
  expected = 0;
  duplicated = 0;
  requests = 0;
  empty = 0;
  bytes = 0;
  /** Most connections this lane held open at once. */
  peakConnections = 0;
  /** For a stream lane: ms from its start until the stream opened (undefined until it does). */
  openedAfterMs: number | undefined;
  /** For a poll lane: the request still unanswered when the lane stopped (Date.now() times), if any. */
  unanswered: { issuedAt: number; stoppedAt: number } | undefined;
  #connections = 0;
  readonly bytesSource: BytesSource;

  constructor(bytesSource: BytesSource, startedAt = Date.now()) {
    this.bytesSource = bytesSource;
    this.#startedAt = startedAt;
  }

  /** Records one delivered race event; false if it was a repeat (not counted as delivered). */
  deliver(event: RealtimeEvent, offsetMs: number, now = Date.now()): boolean {
    const n = (event.data as { n?: unknown }).n;
    const verdict = this.#check.observe(event.id);
    if (typeof n !== 'number' || this.#seen.has(n) || verdict.kind === 'repeat') {
      this.duplicated += 1;
      return false;
    }
    this.#seen.add(n);
    const latencyMs = Math.max(0, latencySince(event.ts, offsetMs, now));
    this.latencies.push(latencyMs);
    this.points.push({ atMs: now - this.#startedAt, latencyMs });
    return true;
  }

  /** Marks the lane's stream open now (the first time only). */
  markOpened(now = Date.now()): void {
    this.openedAfterMs ??= now - this.#startedAt;
  }

  /** Connections this lane holds open on the server right now. */
  get connections(): number {
    return this.#connections;
  }

  set connections(count: number) {
    this.#connections = count;
    this.peakConnections = Math.max(this.peakConnections, count);
  }

  /** Events delivered exactly once so far. */
  get delivered(): number {
    return this.#seen.size;
  }

  /** Set when the race is over: from then on every number not delivered counts as missed. */
  finished = false;

  /** Gaps in the ids so far; once finished, every number 1…expected not delivered. */
  get missed(): number {
    return this.finished ? Math.max(this.#check.missed, this.expected - this.#seen.size) : this.#check.missed;
  }

  summary(): LaneSummary {
    const delivered = this.delivered;
    return {
      delivered,
      expected: this.expected,
      missed: this.missed,
      duplicated: this.duplicated,
      p50: percentile(this.latencies, 0.5),
      p95: percentile(this.latencies, 0.95),
      max: this.latencies.length ? Math.max(...this.latencies) : undefined,
      requests: this.requests,
      empty: this.empty,
      bytes: this.bytes,
      bytesSource: this.bytesSource,
      bytesPerEvent: delivered ? this.bytes / delivered : undefined,
      connections: this.finished ? this.peakConnections : this.connections,
    };
  }
}
