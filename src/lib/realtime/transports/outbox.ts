/**
 * The one bounded-outbox policy of every push transport (SSE and WebSocket). What may happen to
 * a message the reader is too slow to take: `droppable` ones (ticker prices, where the next update
 * replaces this one) are skipped once half the cap is used, which keeps the other half for the
 * rest; `reliable` ones (chat, notifications) are never skipped silently, so when one does not fit
 * under the cap the connection is ended (WebSocket: 1013; SSE: the stream ends) and the client
 * resumes from its cursor.
 */
export type Delivery = 'droppable' | 'reliable';

/** Ticker prices are superseded by the next one, so a slow reader may miss some; everything else is kept. */
export function deliveryOf(topic: string): Delivery {
  return topic === 'ticker' ? 'droppable' : 'reliable';
}

/** What the outboxes of one transport did, for /api/stats and the tests. */
export interface OutboxStats {
  /** Largest number of unsent bytes seen on any connection right after a send. */
  peakBufferedBytes: number;
  /** Droppable messages skipped because their reader was too slow. */
  droppedMessages: number;
  /** Connections ended because a reliable message did not fit. */
  slowReadersClosed: number;
}

/** Fresh counters. */
export function newOutboxStats(): OutboxStats {
  return { peakBufferedBytes: 0, droppedMessages: 0, slowReadersClosed: 0 };
}

/** What goes out: text, or text already encoded as UTF-8 once for every reader of an event. */
export type Payload = string | Buffer;

/** A connection as the policy sees it (implemented by the connection itself, so a send allocates nothing). */
export interface OutboxTarget<P extends Payload = Payload> {
  /** False once the connection is closing: nothing more is sent or counted. */
  readonly writable: boolean;
  /** Bytes written to the connection that its reader has not taken yet. */
  readonly bufferedBytes: number;
  write(payload: P): void;
  /** Ends the connection because its reader fell too far behind. */
  overflow(): void;
}

// Bytes of a payload in UTF-8 without encoding it: the usual case (ASCII JSON) costs one pass.
const byteLength = (payload: Payload): number => (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);

/**
 * Sends `payload` only if it keeps the target's unsent bytes within `maxBufferedBytes` (half of it
 * for droppable messages), so a reader that stops reading costs the process at most that much
 * memory. Returns what happened.
 */
export function sendBounded<P extends Payload>(
  target: OutboxTarget<P>,
  payload: P,
  delivery: Delivery,
  maxBufferedBytes: number,
  stats: OutboxStats,
): 'sent' | 'dropped' | 'closed' {
  if (!target.writable) return 'closed';
  const buffered = target.bufferedBytes;
  // The fast path: nothing waiting, and the message fits the smaller limit (a UTF-16 unit is at most 3 bytes).
  if (buffered === 0 && payload.length * 3 <= maxBufferedBytes / 2) {
    target.write(payload);
    return 'sent';
  }
  const limit = delivery === 'droppable' ? maxBufferedBytes / 2 : maxBufferedBytes;
  if (buffered + byteLength(payload) > limit) {
    if (delivery === 'droppable') {
      stats.droppedMessages += 1;
      return 'dropped';
    }
    stats.slowReadersClosed += 1;
    target.overflow();
    return 'closed';
  }
  target.write(payload);
  stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, target.bufferedBytes);
  return 'sent';
}
