import type { WebSocket } from 'ws';
import { CLOSE } from '../ws-messages.ts';
import { newOutboxStats, type OutboxStats } from '../outbox.ts';

/** The open WebSockets of this process (chat and echo), by connection id. */
export class WebSocketConnections {
  readonly #open = new Map<string, WebSocket>();
  readonly #whenEmpty: Array<() => void> = [];
  /** What the outboxes of every socket did (see sendBounded). */
  readonly outbox: OutboxStats = newOutboxStats();

  add(id: string, socket: WebSocket): void {
    this.#open.set(id, socket);
  }

  remove(id: string): void {
    this.#open.delete(id);
    if (this.#open.size === 0) for (const resolve of this.#whenEmpty.splice(0)) resolve();
  }

  /** Resolves once no socket is open (at once if none is). */
  allClosed(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#whenEmpty.push(resolve));
  }

  /** Cuts every socket without a closing handshake (shutdown, once its grace time is over). */
  terminateAll(): void {
    for (const socket of this.#open.values()) socket.terminate();
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

  /** Closes every socket with 1001 (going away), e.g. when the dev server restarts. */
  closeAll(): void {
    for (const socket of this.#open.values()) socket.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
  }

  get count(): number {
    return this.#open.size;
  }
}
