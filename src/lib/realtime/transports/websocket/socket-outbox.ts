import type { WebSocket } from 'ws';
import type { OutboxTarget } from '../outbox.ts';
import { CLOSE } from '../ws-messages.ts';

/** A WebSocket as the outbox policy sees it: ws's bufferedAmount, and 1013 when the reader falls behind. */
export function socketOutbox(socket: WebSocket): OutboxTarget {
  return {
    get isOpen() {
      return socket.readyState === socket.OPEN;
    },
    get bufferedBytes() {
      return socket.bufferedAmount;
    },
    send: (text) => socket.send(text),
    overflow: () => socket.close(CLOSE.slowReader.code, CLOSE.slowReader.reason),
  };
}
