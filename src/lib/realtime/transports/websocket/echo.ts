import type { WebSocket } from 'ws';
import { RateLimiter } from '../../limits/rate-limiter.ts';
import { CLOSE } from '../ws-messages.ts';
import { sendBounded, type OutboxStats } from '../outbox.ts';
import { socketOutbox } from './socket-outbox.ts';
import type { SessionLimits } from './session.ts';

/**
 * One connection on /api/ws/echo: every text message comes straight back, unchanged, so the
 * seed's snippet (send "Hello Server", log the reply) runs with only its URL changed. Binary
 * frames close with 1003; more messages than the rate allows close with 1008.
 */
export function runEchoSession(socket: WebSocket, limits: SessionLimits, outbox: OutboxStats): void {
  const rate = new RateLimiter({ capacity: limits.messageBurst, refillPerSecond: limits.messagesPerSecond });
  const target = socketOutbox(socket);
  socket.on('message', (raw, isBinary) => {
    if (socket.readyState !== socket.OPEN) return;
    if (isBinary) {
      socket.close(CLOSE.binary.code, CLOSE.binary.reason);
      return;
    }
    if (!rate.take('')) {
      socket.close(CLOSE.abuse.code, CLOSE.abuse.reason);
      return;
    }
    sendBounded(target, raw.toString(), 'reliable', limits.maxBufferedBytes, outbox);
  });
}
