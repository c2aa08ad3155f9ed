import { backoffDelay } from '../backoff.ts';
import { ConnectionTraffic } from '../diagram/widget-traffic.ts';
import { PATHS, type WireEvent, type WireReset } from '../../lib/realtime/protocol.ts';
import { BaseClient, type StreamClientOptions } from './realtime-client.ts';

/** The part of WebSocket this client uses (the global one in browsers and Node 24). */
export type WebSocketConstructor = new (url: string) => {
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number }) => void): void;
  send(text: string): void;
  close(code?: number): void;
};

/** A message of /api/ws this client reads. */
type ServerMessage =
  | { type: 'hello' }
  | { type: 'event'; event: WireEvent }
  | ({ type: 'reset' } & WireReset)
  | { type: 'live'; topic: string; cursor: string }
  | { type: 'error'; error: string };

/** Options of the WebSocket client. */
export interface WebSocketClientOptions extends StreamClientOptions {
  WebSocket?: WebSocketConstructor;
  traffic?: ConnectionTraffic;
  /** Told of every text message, sent ('up') or received ('down'): pages cannot see frames, so a race lane computes their bytes. */
  onFrame?: (direction: 'up' | 'down', text: string) => void;
}

/** WebSocket: subscribes to the topic on /api/ws from the cursor; reconnects with back-off and resumes. */
export class WebSocketClient extends BaseClient {
  readonly #WebSocket: WebSocketConstructor;
  readonly #traffic: ConnectionTraffic | undefined;
  readonly #onConnection: StreamClientOptions['onConnection'];
  readonly #onFrame: WebSocketClientOptions['onFrame'];
  #socket: InstanceType<WebSocketConstructor> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #running = false;
  constructor(options: WebSocketClientOptions) {
    super(options);
    this.#WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    this.#traffic = options.traffic;
    this.#onConnection = options.onConnection;
    this.#onFrame = options.onFrame;
  }

  start(cursor?: string): void {
    this.stop();
    this.setCursor(cursor);
    this.#running = true;
    this.#attempt = 0;
    this.#open();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#socket?.close(1000);
    this.#socket = undefined;
    this.#traffic?.closed('closed by the page', 'page');
    this.setState('stopped', 'stopped by the page');
  }

  #open(): void {
    const url = new URL(PATHS.ws, this.origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    for (const [name, value] of Object.entries(this.options.params?.() ?? {})) url.searchParams.set(name, value);
    this.setState('connecting', this.#attempt ? `attempt ${this.#attempt}` : 'started');
    this.#traffic?.opened(`GET ${PATHS.ws} (upgrade)`);
    const socket = new this.#WebSocket(url.href);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (socket === this.#socket) this.#onConnection?.({ kind: 'open' });
    });
    socket.addEventListener('message', (message) => {
      if (socket !== this.#socket) return;
      const text = String(message.data);
      this.#onFrame?.('down', text);
      this.#read(socket, JSON.parse(text) as ServerMessage);
    });
    socket.addEventListener('close', (event) => {
      if (socket !== this.#socket || !this.#running) return;
      this.#socket = undefined;
      this.#onConnection?.({ kind: 'lost', retrying: true });
      this.#traffic?.closed(`closed (${event.code ?? 'no code'})`, 'server');
      this.#attempt += 1;
      const delay = backoffDelay(this.#attempt);
      this.setState('waiting', `closed with ${event.code ?? 'no code'}; retrying in ${delay} ms`);
      this.#timer = setTimeout(() => this.#open(), delay);
    });
  }

  #read(socket: InstanceType<WebSocketConstructor>, message: ServerMessage): void {
    this.#traffic?.message('down', message.type);
    switch (message.type) {
      case 'hello': {
        this.#attempt = 0;
        const since = this.cursor;
        const subscribe = { type: 'subscribe', topic: this.options.topic, ...(since === undefined ? {} : { since }) };
        this.#traffic?.message('up', 'subscribe');
        const text = JSON.stringify(subscribe);
        this.#onFrame?.('up', text);
        socket.send(text);
        break;
      }
      case 'event':
        this.deliver(message.event);
        break;
      case 'reset':
        this.resetTo(message);
        break;
      case 'live':
        this.caughtUp(message.cursor);
        break;
      case 'error':
        this.setState('waiting', message.error);
        break;
    }
  }
}
