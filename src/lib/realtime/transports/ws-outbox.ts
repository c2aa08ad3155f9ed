import type { WebSocket } from 'ws';
import { CLOSE } from './ws-messages.ts';

/**
 * What may happen to a message the reader is too slow to take: `droppable` ones (ticker prices,
 * where the next update replaces this one) are skipped once half the cap is used, which keeps the
 * other half for the rest; `reliable` ones (chat, notifications) are never skipped silently, so when
 * one does not fit under the cap the connection is closed with 1013 and the client resumes from its cursor.
 */
export type Delivery = 'droppable' | 'reliable';

/** What the outboxes of one server did, for /api/stats and the tests. */
export interface OutboxStats {
  /** Largest bufferedAmount seen on any socket right after a send, in bytes. */
  peakBufferedBytes: number;
  /** Droppable messages skipped because their reader was too slow. */
  droppedMessages: number;
  /** Connections closed with 1013 because a reliable message did not fit. */
  slowReadersClosed: number;
}

/** Fresh counters. */
export function newOutboxStats(): OutboxStats {
  return { peakBufferedBytes: 0, droppedMessages: 0, slowReadersClosed: 0 };
}

/**
 * Sends `text` only if it keeps the socket's unsent bytes (ws's bufferedAmount: the Node socket's
 * write queue) within `maxBufferedBytes` (half of it for droppable messages), so a reader that
 * stops reading costs the process at most that much memory. Returns what happened.
 */
export function sendBounded(
  socket: WebSocket,
  text: string,
  delivery: Delivery,
  maxBufferedBytes: number,
  stats: OutboxStats,
): 'sent' | 'dropped' | 'closed' {
  if (socket.readyState !== socket.OPEN) return 'closed';
  const limit = delivery === 'droppable' ? maxBufferedBytes / 2 : maxBufferedBytes;
  if (socket.bufferedAmount + Buffer.byteLength(text) > limit) {
    if (delivery === 'droppable') {
      stats.droppedMessages += 1;
      return 'dropped';
    }
    stats.slowReadersClosed += 1;
    socket.close(CLOSE.slowReader.code, CLOSE.slowReader.reason);
    return 'closed';
  }
  socket.send(text);
  stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, socket.bufferedAmount);
  return 'sent';
}
