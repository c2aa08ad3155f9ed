import type { WebSocket } from 'ws';
import { newOutboxStats, type OutboxStats } from './ws-outbox.ts';

/** The open WebSockets of this process (chat and echo), by connection id. */
export class WebSocketConnections {
  readonly #open = new Map<string, WebSocket>();
  /** What the outboxes of every socket did (see sendBounded). */
  readonly outbox: OutboxStats = newOutboxStats();

  add(id: string, socket: WebSocket): void {
    this.#open.set(id, socket);
  }

  remove(id: string): void {
    this.#open.delete(id);
  }

  /**
   * Cuts one connection without a closing handshake, the way a crashed server or a dropped
   * network would; the browser reports 1006. False when no socket has that id.
   */
  terminate(id: string): boolean {
    const socket = this.#open.get(id);
    if (!socket) return false;
    socket.terminate();
    return true;
  }

  get count(): number {
    return this.#open.size;
  }
}
