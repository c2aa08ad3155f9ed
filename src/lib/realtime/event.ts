/** One thing that happened on a topic, delivered identically by every transport. */
export interface RealtimeEvent<Data = unknown> {
  /** Opaque cursor, ordered within its topic; resume from it with `since` / Last-Event-ID. */
  id: string;
  topic: string;
  type: string;
  data: Data;
  /** Server time when the event was published, in ms since the epoch. */
  ts: number;
}

/** Why a resume could not continue from the cursor the client gave. */
export type ResetReason = 'invalid' | 'unknown' | 'too-old';

/** Sent instead of a silent gap: the client's cursor was unusable; carry on from `cursor`. */
export interface ResetNotice {
  topic: string;
  reason: ResetReason;
  /** The topic's latest id: resume from here. */
  cursor: string;
}
