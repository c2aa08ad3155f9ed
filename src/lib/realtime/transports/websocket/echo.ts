import type { WebSocket } from 'ws';
import { TokenBucket } from '../../limits/token-bucket.ts';
import { CLOSE } from '../ws-messages.ts';
import { sendBounded, type OutboxTarget } from '../outbox.ts';
import type { SessionRates, SessionServices } from './session.ts';

/**
 * One connection on /api/ws/echo: every text message comes straight back, unchanged, so the
 * classic snippet (send "Hello Server", log the reply) runs with only its URL changed. Binary
 * frames close with 1003; more messages than the rate allows close with 1008.
 */
export class EchoSession implements OutboxTarget<string> {
  readonly #socket: WebSocket;
  readonly #services: SessionServices;
  readonly #rates: SessionRates;
  readonly #rate: TokenBucket;

  constructor(socket: WebSocket, services: SessionServices, rates: SessionRates) {
    this.#socket = socket;
    this.#services = services;
    this.#rates = rates;
    this.#rate = new TokenBucket(rates.messages, Date.now());
    socket.on('message', (raw: Buffer, isBinary: boolean) => this.receive(raw, isBinary));
  }

  receive(raw: Buffer, isBinary: boolean): void {
    if (!this.writable) return;
    if (isBinary) {
      this.#socket.close(CLOSE.binary.code, CLOSE.binary.reason);
      return;
    }
    if (!this.#rate.take(this.#rates.messages, Date.now())) {
      this.#socket.close(CLOSE.abuse.code, CLOSE.abuse.reason);
      return;
    }
    sendBounded(this, raw.toString(), 'reliable', this.#services.limits.maxBufferedBytes, this.#services.outbox);
  }

  /** Nothing to release: an echo socket holds no subscription. */
  release(): void {}

  get writable(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  get bufferedBytes(): number {
    return this.#socket.bufferedAmount;
  }

  write(text: string): void {
    this.#socket.send(text);
  }

  overflow(): void {
    this.#socket.close(CLOSE.slowReader.code, CLOSE.slowReader.reason);
  }
}
