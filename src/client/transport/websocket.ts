import type { ServerMessage } from '../../lib/realtime/transports/ws-messages.ts';
import { PATHS } from '../../lib/realtime/protocol.ts';
import { BaseClient, type StreamClientOptions } from './realtime-client.ts';
import { ResumingSocket, webSocketUrl, type FrameEntry, type SocketState, type WebSocketConstructor } from './resuming-socket.ts';

export type { WebSocketConstructor } from './resuming-socket.ts';

/** Options of the WebSocket client. */
export interface WebSocketClientOptions extends StreamClientOptions {
  WebSocket?: WebSocketConstructor;
  /** The socket's path; default /api/ws. (The fallback demo points it at a path that refuses upgrades.) */
  path?: string;
  /** Told of every frame the page sends or receives, with its size computed from RFC 6455: pages cannot see frames. */
  onFrame?: (frame: FrameEntry) => void;
  /** Told of the server's hello on each connection: its id and the instance serving it. */
  onHello?: (hello: WebSocketHello) => void;
}

/** The first message of every /api/ws connection. */
export type WebSocketHello = Extract<ServerMessage, { type: 'hello' }>;

/**
 * WebSocket: one topic of /api/ws, resumable from a cursor. The connection itself (back-off with
 * jitter, re-subscribing from the last event seen, the frame sizes) is a ResumingSocket, the same
 * one the chat uses; this client reads one topic's messages off it into the layer's interface.
 */
export class WebSocketClient extends BaseClient {
  readonly #options: WebSocketClientOptions;
  #socket: ResumingSocket | undefined;
  #stops: Array<() => void> = [];

  constructor(options: WebSocketClientOptions) {
    super(options);
    this.#options = options;
  }

  /** The connection underneath, while started: the page's sequence diagram traces it. */
  get socket(): ResumingSocket | undefined {
    return this.#socket;
  }

  start(cursor?: string): void {
    this.stop();
    this.setCursor(cursor);
    const { path = PATHS.ws, params, WebSocket, onFrame } = this.#options;
    const socket = new ResumingSocket(
      () => {
        const url = new URL(webSocketUrl(path, this.origin));
        for (const [name, value] of Object.entries(params?.() ?? {})) url.searchParams.set(name, value);
        return url.href;
      },
      WebSocket ? { WebSocket } : {},
    );
    this.#socket = socket;
    this.#stops = [
      socket.onState((state) => this.#onSocketState(state)),
      socket.onMessage((message) => this.#read(message)),
      socket.onLog((entry) => {
        if (entry.kind === 'frame') onFrame?.(entry);
      }),
    ];
    socket.subscribe(this.options.topic, cursor === undefined ? {} : { since: cursor });
    socket.start();
  }

  stop(): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    socket.stop();
    for (const stop of this.#stops.splice(0)) stop();
    this.setState('stopped', 'stopped by the page');
  }

  #onSocketState(state: SocketState): void {
    const onConnection = this.#options.onConnection;
    switch (state.state) {
      case 'connecting':
        this.setState('connecting', state.attempt ? `attempt ${state.attempt}` : 'started');
        break;
      case 'open':
        onConnection?.({ kind: 'open' });
        break;
      case 'waiting':
        onConnection?.({ kind: 'lost', retrying: true });
        this.setState('waiting', `closed with ${state.code}; retrying in ${state.delayMs} ms`);
        break;
      case 'refused':
        onConnection?.({ kind: 'lost', retrying: false });
        this.setState('stopped', `closed with ${state.code}${state.reason ? `: ${state.reason}` : ''}; not retrying`);
        break;
      case 'stopped':
        break;
    }
  }

  #read(message: ServerMessage): void {
    const topic = this.options.topic;
    switch (message.type) {
      case 'hello':
        this.#options.onHello?.(message);
        break;
      case 'event':
        if (message.event.topic === topic) this.deliver(message.event);
        break;
      case 'reset':
        if (message.topic === topic) this.resetTo(message);
        break;
      case 'live':
        if (message.topic === topic) this.caughtUp(message.cursor, message.replayed);
        break;
      case 'error':
        this.setState('waiting', message.error);
        break;
    }
  }
}
