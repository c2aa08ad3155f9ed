import { parseCursor } from '../lib/realtime/cursor.ts';

/** What one more event id says about the stream so far. */
export type SequenceVerdict = { kind: 'first' | 'next' } | { kind: 'gap'; missed: number } | { kind: 'repeat' } | { kind: 'foreign' };

/**
 * Checks that the events of one topic arrive exactly once and in order: each id's sequence number
 * must be one more than the last. Used by widgets to prove a resume lost nothing and repeated nothing.
 */
export class SequenceCheck {
  #last: { epoch: string; seq: number } | undefined;
  missed = 0;
  repeated = 0;

  /** Judges the next id and remembers it. */
  observe(id: string): SequenceVerdict {
    const cursor = parseCursor(id);
    if (!cursor) return { kind: 'foreign' };
    const last = this.#last;
    if (!last || last.epoch !== cursor.epoch) {
      this.#last = cursor;
      return { kind: 'first' };
    }
    if (cursor.seq <= last.seq) {
      this.repeated += 1;
      return { kind: 'repeat' };
    }
    this.#last = cursor;
    if (cursor.seq === last.seq + 1) return { kind: 'next' };
    const missed = cursor.seq - last.seq - 1;
    this.missed += missed;
    return { kind: 'gap', missed };
  }

  /** After a reset the server says "carry on from here": the next event follows `cursor`, and nothing before it counts as missed. */
  restartAt(cursor: string): void {
    this.#last = parseCursor(cursor);
  }
}
