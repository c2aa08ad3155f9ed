import type { Cursor } from '../cursor.ts';
import type { RealtimeEvent } from '../event.ts';

/** What the bus answers for "events after this cursor". */
export type RangeResult =
  | { ok: true; events: RealtimeEvent[]; head: string }
  | { ok: false; reason: 'unknown' | 'too-old'; head: string };

/**
 * The backplane that numbers, keeps and distributes events. Implementations: memory (default).
 *
 * Rules every implementation follows:
 * - `append` MUST give each event an id greater than every earlier id of its topic, and MUST hand
 *   every event to every `onEvent` listener of every process sharing the bus, in id order per topic.
 * - `range` MUST return, in order, the retained events after `after` (at most `limit`); it MUST
 *   answer `too-old` when events after `after` were already dropped from the bounded log, and
 *   `unknown` when `after` does not belong to this log (another epoch, or beyond the head). It MUST
 *   NOT skip events silently.
 * - `head` is the id of the topic's latest event, or the cursor before its first event.
 * - The log per topic is bounded; the oldest events are dropped first.
 * - `forget` drops a short-lived topic (a race) and its log; a later append starts it afresh.
 * - `range` and `head` MUST NOT create the topic: a reader never makes the bus keep anything.
 * - `exists` MUST answer true from `open` or the first `append` until `forget`, in every process.
 */
export interface Bus {
  append(topic: string, type: string, data: unknown, ts: number): Promise<RealtimeEvent>;
  range(topic: string, after: Cursor, limit: number): Promise<RangeResult>;
  head(topic: string): Promise<string>;
  /** Calls `listener` for every appended event; returns the function that stops it. */
  onEvent(listener: (event: RealtimeEvent) => void): () => void;
  forget(topic: string): Promise<void>;
  /** Starts a short-lived topic's empty log, so readers find it before its first event. */
  open(topic: string): Promise<void>;
  /** Whether the topic has a log (opened or published to, not forgotten); asks without creating it. */
  exists(topic: string): Promise<boolean>;
  close(): Promise<void>;
}
