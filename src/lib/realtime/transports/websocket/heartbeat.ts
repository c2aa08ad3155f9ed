import type { WebSocket } from 'ws';

/**
 * Finds dead peers. A connection whose other end vanished (a laptop lid closed, a NAT entry
 * expired) looks open to the server until TCP gives up, which can take many minutes. So every
 * interval each socket is pinged, and a socket that has not answered the previous ping by the
 * next tick is terminated: a dead peer is gone within two intervals. Browsers answer pings on
 * their own; page code never sees them.
 */
export class Heartbeat {
  readonly #awaitingPong = new Set<WebSocket>();
  readonly #sockets = new Set<WebSocket>();
  readonly #timer: ReturnType<typeof setInterval>;
  // One listener shared by every socket (ws calls it with the socket as `this`), not a closure each.
  readonly #onPong: (this: WebSocket) => void;

  /** Starts pinging every `intervalMs`. */
  constructor(intervalMs: number) {
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#timer.unref();
    const awaitingPong = this.#awaitingPong;
    this.#onPong = function (this: WebSocket) {
      awaitingPong.delete(this);
    };
  }

  /** Includes a socket until `forget` (call it when the socket closes). */
  watch(socket: WebSocket): void {
    this.#sockets.add(socket);
    socket.on('pong', this.#onPong);
  }

  /** Stops watching a closed socket. */
  forget(socket: WebSocket): void {
    this.#sockets.delete(socket);
    this.#awaitingPong.delete(socket);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    for (const socket of this.#sockets) {
      if (this.#awaitingPong.has(socket)) {
        socket.terminate();
        continue;
      }
      this.#awaitingPong.add(socket);
      socket.ping();
    }
  }
}
