/**
 * A position in one topic's log. `epoch` names the log (one run of the in-memory bus), so a
 * cursor from an earlier run is recognised as foreign instead of silently matching a new event
 * with the same number; `seq` counts events in the topic, 0 meaning "before the first event".
 */
export interface Cursor {
  epoch: string;
  seq: number;
}

const CURSOR_PATTERN = /^([0-9a-z]{1,16})-(0|[1-9][0-9]{0,14})$/;

/** Writes a cursor as the opaque id clients see: `<epoch>-<seq>`, e.g. `lx2k9q-42`. */
export function formatCursor(cursor: Cursor): string {
  return `${cursor.epoch}-${cursor.seq}`;
}

/** Reads an id written by formatCursor; anything else (garbage, too long, signs, spaces) is undefined. */
export function parseCursor(text: string): Cursor | undefined {
  const match = CURSOR_PATTERN.exec(text);
  if (!match) return undefined;
  return { epoch: match[1]!, seq: Number(match[2]) };
}

/** The sequence number inside an event id; the hub compares ids of one topic with it. */
export function seqOf(id: string): number {
  const cursor = parseCursor(id);
  if (!cursor) throw new Error(`not a cursor: ${JSON.stringify(id)}`);
  return cursor.seq;
}

/** A fresh epoch: the time in base 36 and three random characters, so two runs never share one. */
export function newEpoch(): string {
  const random = Math.floor(Math.random() * 36 ** 3)
    .toString(36)
    .padStart(3, '0');
  return `${Date.now().toString(36)}${random}`;
}
