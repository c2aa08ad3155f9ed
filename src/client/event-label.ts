import { parseCursor } from '../lib/realtime/cursor.ts';

/**
 * A short label for an event id or cursor in widget text: `lx2k9q-42` reads "event 42" (its number in
 * the topic; the epoch before the dash only tells runs of the server apart). Anything that is not a
 * cursor is shown as it is.
 */
export function eventLabel(id: string): string {
  const cursor = parseCursor(id);
  return cursor ? `event ${cursor.seq}` : id;
}
