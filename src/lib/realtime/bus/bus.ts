import type { Cursor } from '../cursor.ts';
import type { RealtimeEvent } from '../event.ts';

/** What the bus answers for "events after this cursor". */
export type RangeResult = { ok: true; events: RealtimeEvent[]; head: string } | { ok: false; reason: 'unknown' | 'too-old'; head: string };

/**
 * The backplane that numbers, keeps and distributes events. Implementations: memory (default, one
 * process) and Redis Streams (several processes sharing one Redis).
 *
 * Rules every implementation follows:
 * - `append` MUST give each event the id `<epoch>-<seq>` where `seq` is exactly one more than the
 *   previous event's of its topic (1 for the first), assigned atomically across every process sharing
 *   the bus. The epoch names the log; it MUST be the same for every process, and MUST change when the
 *   log is lost (so an old cursor is recognised as foreign, never matched to a new event).
 * - Live delivery: every event MUST reach the `onEvent` listeners of every process that `watch`es its
 *   topic, at most once and in seq order per topic. It MAY miss events while the backplane is
 *   unhealthy: the hub repairs gaps with `range` (seq is contiguous), so a missed event is late,
 *   never lost while it is retained. A process MAY receive topics it does not watch.
 * - `range` MUST return, in order, the retained events after `after` (at most `limit`); it MUST
 *   answer `too-old` when events after `after` were already dropped from the bounded log, and
 *   `unknown` when `after` does not belong to this log (another epoch, or beyond the head). It MUST
 *   NOT skip events silently.
 * - `head` is the id of the topic's latest event, or `<epoch>-0` before its first event.
 * - `range` and `head` MUST NOT create the topic (a reader never writes its keys).
 * - The log per topic is bounded; the oldest events are dropped first.
 * - `forget` drops a short-lived topic (a race, an empty chat room) and its log; a later append
 *   starts it afresh. It MUST NOT drop a topic another process still watches (that process's
 *   subscribers would see the numbering start again); such a log is left to its bound.
 * - A backplane failure MUST reject the call (never hang unbounded, never crash the process), set
 *   `healthy` to false and tell `onHealth` listeners; recovery sets it back to true and tells them.
 * - `exists` MUST answer true from `open` or the first `append` until `forget`, in every process.
 */
export interface Bus {
  append(topic: string, type: string, data: unknown, ts: number): Promise<RealtimeEvent>;
  range(topic: string, after: Cursor, limit: number): Promise<RangeResult>;
  head(topic: string): Promise<string>;
  /** Calls `listener` for every live event of a watched topic; returns the function that stops it. */
  onEvent(listener: (event: RealtimeEvent) => void): () => void;
  /**
   * Starts receiving live events of `topic` in this process. When that takes a round trip it returns
   * a promise that resolves once they flow (so a read made after it misses nothing), else undefined.
   */
  watch(topic: string): Promise<void> | undefined;
  /** Stops receiving live events of `topic` (the last local subscriber left). */
  unwatch(topic: string): void;
  /** False while the backplane cannot be reached; publishes and reads fail then. */
  readonly healthy: boolean;
  /** Calls `listener` with the new state each time `healthy` changes; returns the function that stops it. */
  onHealth(listener: (healthy: boolean) => void): () => void;
  forget(topic: string): Promise<void>;
  /**
   * Starts a short-lived topic's empty log, so readers find it before its first event. With
   * `lifetimeMs`, a bus that outlives its processes (Redis) drops the topic that long after it was
   * opened even if nobody forgets it (the process that ran it died); it must outlast the topic's use.
   */
  open(topic: string, lifetimeMs?: number): Promise<void>;
  /** Whether the topic has a log (opened or published to, not forgotten); asks without creating it. */
  exists(topic: string): Promise<boolean>;
  close(): Promise<void>;
}
