import { Socket } from 'node:net';
import WebSocket from 'ws';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { eventually, stats } from './clients.ts';

/** How a socket ended: the close code and reason the `ws` client reported. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** Options for a recording client. */
export interface RecordingOptions {
  /** Path on the server. Default /api/ws. */
  path?: string;
  /** Origin header; default the server's own origin, `null` sends none. */
  origin?: string | null;
  /** Answer the server's pings (the default, as browsers do). */
  autoPong?: boolean;
  /** Offer permessage-deflate in the handshake, as browsers do. Default false. */
  perMessageDeflate?: boolean;
  /** Connect from this loopback address (127.0.0.2, …) to stand for another client. */
  localAddress?: string;
  /** More request headers for the handshake (a spoofed X-Forwarded-For, …). */
  headers?: Record<string, string>;
}

/**
 * A `ws` client that records every JSON message and how the socket closed, and exposes its TCP
 * socket so a test can stop reading (a slow reader) or count bytes.
 */
export class RecordingWebSocket {
  readonly socket: WebSocket;
  /** The TCP connection under the WebSocket. */
  tcp!: Socket;
  readonly messages: Array<Record<string, unknown>> = [];
  readonly texts: string[] = [];
  closed?: CloseInfo;
  readonly opened: Promise<void>;
  readonly #changed = new Set<() => void>();
  // Indexed as they arrive: tests wait on these after every message, so a scan each time would be quadratic.
  readonly #byType = new Map<string, Array<Record<string, unknown>>>();
  readonly #eventsByTopic = new Map<string, RealtimeEvent[]>();
  readonly #allEvents: RealtimeEvent[] = [];

  constructor(base: string, options: RecordingOptions = {}) {
    const origin = options.origin === undefined ? base : options.origin;
    this.socket = new WebSocket(`${base.replace(/^http/, 'ws')}${options.path ?? '/api/ws'}`, {
      ...(origin === null ? {} : { origin }),
      autoPong: options.autoPong ?? true,
      perMessageDeflate: options.perMessageDeflate ?? false,
      ...(options.headers ? { headers: options.headers } : {}),
      createConnection: (connectOptions: object) => {
        this.tcp = new Socket();
        return this.tcp.connect({ ...connectOptions, ...(options.localAddress ? { localAddress: options.localAddress } : {}) } as never);
      },
    } as WebSocket.ClientOptions);
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      this.texts.push(text);
      try {
        this.#record(JSON.parse(text) as Record<string, unknown>);
      } catch {
        // the echo path answers plain text; `texts` has it
      }
      for (const listener of [...this.#changed]) listener();
    });
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const listener of [...this.#changed]) listener();
    });
    this.socket.on('error', () => {}); // failures show up as `closed` or in `opened`
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => reject(new HandshakeRefused(response.statusCode ?? 0, body)));
      });
      this.socket.once('error', reject);
    });
  }

  /** Opens and waits for the server's hello. */
  static async open(base: string, options: RecordingOptions = {}): Promise<RecordingWebSocket> {
    const client = new RecordingWebSocket(base, options);
    await client.opened;
    if ((options.path ?? '/api/ws') === '/api/ws') await client.until((c) => c.ofType('hello').length === 1, 'hello');
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Messages of one type, in arrival order (do not modify). */
  ofType(type: string): ReadonlyArray<Record<string, unknown>> {
    return this.#byType.get(type) ?? [];
  }

  /** Events received, optionally of one topic, in arrival order (do not modify). */
  events(topic?: string): readonly RealtimeEvent[] {
    return topic === undefined ? this.#allEvents : (this.#eventsByTopic.get(topic) ?? []);
  }

  #record(message: Record<string, unknown>): void {
    this.messages.push(message);
    const type = String(message.type);
    if (!this.#byType.has(type)) this.#byType.set(type, []);
    this.#byType.get(type)!.push(message);
    if (type !== 'event') return;
    const event = message.event as RealtimeEvent;
    this.#allEvents.push(event);
    if (!this.#eventsByTopic.has(event.topic)) this.#eventsByTopic.set(event.topic, []);
    this.#eventsByTopic.get(event.topic)!.push(event);
  }

  get connectionId(): string {
    return this.ofType('hello')[0]!.connection as string;
  }

  /** Resolves once `check` holds, checking after every message and on close (no polling delay). */
  until(check: (self: this) => boolean, what = 'messages', ms = 10_000): Promise<void> {
    if (check(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onChange = (): void => {
        if (!check(this)) return;
        stop();
        resolve();
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const stop = (): void => {
        clearTimeout(timer);
        this.#changed.delete(onChange);
      };
      this.#changed.add(onChange);
    });
  }

  /** Resolves with how the socket closed. */
  async closedWith(ms = 10_000): Promise<CloseInfo> {
    await this.until((c) => c.closed !== undefined, 'the socket to close', ms);
    return this.closed!;
  }

  /** Subscribes and waits until the subscription is live. */
  async subscribe(topic: string, extra: { since?: string; name?: string } = {}): Promise<void> {
    const lives = this.ofType('live').filter((message) => message.topic === topic).length;
    this.send({ type: 'subscribe', topic, ...extra });
    await this.until((c) => c.ofType('live').filter((message) => message.topic === topic).length > lives, `live on ${topic}`);
  }

  /** Subscribes and waits for the answer: 'live', or the error the server sent instead. */
  async trySubscribe(topic: string, extra: { since?: string; name?: string } = {}): Promise<string> {
    const lives = this.ofType('live').filter((message) => message.topic === topic).length;
    const errors = this.ofType('error').length;
    this.send({ type: 'subscribe', topic, ...extra });
    await this.until(
      (c) => c.ofType('live').filter((message) => message.topic === topic).length > lives || c.ofType('error').length > errors,
      `an answer to subscribing to ${topic}`,
    );
    return this.ofType('error').length > errors ? String(this.ofType('error').at(-1)!.error) : 'live';
  }

  close(): void {
    this.socket.close();
  }
}

/** The server answered the upgrade request with an HTTP error instead of 101. */
export class HandshakeRefused extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`handshake refused with ${status}: ${body}`);
    this.status = status;
    this.body = body;
  }
}

/** Resolves once the server reports no open WebSocket (tests end with this so per-IP counts start from zero). */
export function everyWebSocketReleased(base: string): Promise<void> {
  return eventually(async () => (await stats(base)).webSockets === 0, 5000, 'every WebSocket released');
}
