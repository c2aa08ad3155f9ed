import type { RealtimeEvent } from '../../lib/realtime/event.ts';
import type { ServerMessage } from '../../lib/realtime/transports/ws-messages.ts';
import { backoffCeiling, backoffDelay, type BackoffOptions } from '../backoff.ts';
import { closePayloadLength, encodeFrameHeader, frameSize, toHex, utf8Length, type OpcodeName } from '../frame-size.ts';

/** The part of WebSocket this layer uses: the global one in browsers and Node 24, or a test's fake. */
export type WebSocketConstructor = new (url: string) => {
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  readonly readyState: number;
};
type Socket = InstanceType<WebSocketConstructor>;

/** WebSocket.OPEN, without needing the global (a Node test may pass its own constructor). */
const OPEN = 1;

/** One frame as the frame log shows it: sizes computed from RFC 6455, since browsers never expose frames. */
export interface FrameEntry {
  kind: 'frame';
  direction: 'sent' | 'received';
  opcode: OpcodeName;
  payloadBytes: number;
  /** Header + payload, computed (client frames carry a 4-byte mask the page cannot see). */
  frameBytes: number;
  /** Header bytes in hex; the mask of a sent frame is shown as `??`. */
  header: string;
  /** What the payload says, in a few words. */
  summary: string;
}

/** Something about the connection that is not a frame: opening, a drop, the wait before retrying. */
export interface NoteEntry {
  kind: 'note';
  text: string;
}

export type LogEntry = FrameEntry | NoteEntry;

/** Where the connection is. */
export type SocketState =
  | { state: 'connecting'; attempt: number }
  | { state: 'open'; connection: string }
  | { state: 'waiting'; attempt: number; delayMs: number; code: number }
  | { state: 'refused'; code: number; reason: string }
  | { state: 'stopped' };

/** Options for a resuming socket. */
export interface ResumingSocketOptions {
  /** Reconnect delays. Default: 500 ms doubling to 15 s, with jitter. */
  backoff?: BackoffOptions;
  /** The WebSocket to use; default: the global one. */
  WebSocket?: WebSocketConstructor;
}

/** How a topic is (re)subscribed: the name to announce in a chat room, and where to resume from. */
export interface SubscribeOptions {
  name?: string;
  /** Resume after this event id; later, the id of the last event seen takes its place. */
  since?: string;
}

/** Log entries kept for a listener that attaches after the connection started. */
const LOG_HISTORY = 200;

// The server closed because of what this page sent; trying again would only repeat it.
const NO_RETRY = new Set([1003, 1008, 1009]);

/**
 * A WebSocket on /api/ws that comes back by itself: after a drop it waits (exponential backoff
 * with jitter), reconnects, and re-subscribes every topic with the id of the last event it saw,
 * so the server replays exactly what was missed. It also describes every frame it can infer.
 */
export class ResumingSocket {
  readonly #url: () => string;
  readonly #WebSocket: WebSocketConstructor;
  #backoff: BackoffOptions;
  #socket: Socket | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #stopped = true;
  #connection: string | undefined;
  #state: SocketState = { state: 'stopped' };
  /** Topics to (re)subscribe, with the name to announce in chat rooms. */
  readonly #subscriptions = new Map<string, { name?: string }>();
  /** Last event id seen per topic: the `since` of the next subscribe. */
  readonly #cursors = new Map<string, string>();
  readonly #messageListeners = new Set<(message: ServerMessage) => void>();
  readonly #logListeners = new Set<(entry: LogEntry) => void>();
  readonly #history: LogEntry[] = [];
  readonly #stateListeners = new Set<(state: SocketState) => void>();

  /** `url` is read at each connection attempt, so it may carry parameters that change (a session id). */
  constructor(url: string | (() => string), options: ResumingSocketOptions = {}) {
    this.#url = typeof url === 'string' ? () => url : url;
    this.#backoff = options.backoff ?? {};
    this.#WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
  }

  /** Changes the reconnect delays from the next retry on. */
  setBackoff(options: BackoffOptions): void {
    this.#backoff = options;
  }

  /** The server's id for the current connection (from its hello), if open. */
  get connection(): string | undefined {
    return this.#connection;
  }

  get state(): SocketState {
    return this.#state;
  }

  /** Connects, unless already connected or waiting to. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#attempt = 0;
    this.#open();
  }

  /** Closes with 1000 and stays closed. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    if (socket && socket.readyState === OPEN) {
      const reason = 'reader left';
      this.#frame('sent', 'close', closePayloadLength(1000, reason), `close 1000 “${reason}”`);
      socket.close(1000, reason);
    } else socket?.close();
    this.#setState({ state: 'stopped' });
  }

  /** Subscribes now (if open) and after every reconnect, resuming from the last event seen. */
  subscribe(topic: string, options: SubscribeOptions = {}): void {
    this.#subscriptions.set(topic, options.name === undefined ? {} : { name: options.name });
    if (options.since === undefined) this.#cursors.delete(topic);
    else this.#cursors.set(topic, options.since);
    this.#sendSubscribe(topic);
  }

  /** Stops a subscription and forgets its cursor. */
  unsubscribe(topic: string): void {
    this.#subscriptions.delete(topic);
    this.#cursors.delete(topic);
    this.send({ type: 'unsubscribe', topic });
  }

  /** Sends one JSON message; false when the socket is not open. */
  send(message: Record<string, unknown>): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    const text = JSON.stringify(message);
    socket.send(text);
    this.#frame('sent', 'text', utf8Length(text), summarise(message));
    return true;
  }

  onMessage(listener: (message: ServerMessage) => void): () => void {
    this.#messageListeners.add(listener);
    return () => this.#messageListeners.delete(listener);
  }

  /** Calls `listener` with the entries logged so far, then with every new one. */
  onLog(listener: (entry: LogEntry) => void): () => void {
    for (const entry of this.#history) listener(entry);
    this.#logListeners.add(listener);
    return () => this.#logListeners.delete(listener);
  }

  onState(listener: (state: SocketState) => void): () => void {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => this.#stateListeners.delete(listener);
  }

  #open(): void {
    this.#setState({ state: 'connecting', attempt: this.#attempt });
    const startedAt = performance.now();
    const url = this.#url();
    const socket = new this.#WebSocket(url);
    this.#socket = socket;
    this.#note(`GET ${new URL(url).pathname} with Upgrade: websocket — the HTTP handshake`);
    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return;
      this.#note(`101 Switching Protocols after ${Math.round(performance.now() - startedAt)} ms (measured); from here on, frames`);
    });
    socket.addEventListener('message', (event) => {
      if (socket !== this.#socket || typeof event.data !== 'string') return;
      const message = JSON.parse(event.data) as ServerMessage;
      this.#frame('received', 'text', utf8Length(event.data), summarise(message));
      this.#track(message);
      for (const listener of this.#messageListeners) listener(message);
    });
    socket.addEventListener('close', (event) => this.#onClose(socket, event));
  }

  #onClose(socket: Socket, event: { code: number; reason: string }): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#connection = undefined;
    if (event.code === 1006) {
      this.#note('1006: no close frame arrived — the connection was cut. The browser reports 1006 itself; it is never sent on the wire.');
    } else if (event.code === 1005) {
      this.#frame('received', 'close', 0, 'close without a code (reported as 1005)');
    } else {
      this.#frame(
        'received',
        'close',
        closePayloadLength(event.code, event.reason),
        `close ${event.code}${event.reason ? ` “${event.reason}”` : ''}`,
      );
    }
    if (this.#stopped) return;
    if (NO_RETRY.has(event.code)) {
      this.#stopped = true;
      this.#setState({ state: 'refused', code: event.code, reason: event.reason });
      return;
    }
    this.#attempt += 1;
    const delayMs = backoffDelay(this.#attempt, this.#backoff);
    const ceiling = backoffCeiling(this.#attempt, this.#backoff);
    this.#note(`waiting ${delayMs} ms before attempt ${this.#attempt} (a random point between ${ceiling / 2} and ${ceiling} ms)`);
    // The timer is set before listeners hear of the wait, so one that stops the socket also cancels it.
    this.#timer = setTimeout(() => this.#open(), delayMs);
    this.#setState({ state: 'waiting', attempt: this.#attempt, delayMs, code: event.code });
  }

  /** Keeps the cursors and connection id current from what the server says. */
  #track(message: ServerMessage): void {
    switch (message.type) {
      case 'hello':
        this.#connection = message.connection;
        this.#attempt = 0;
        this.#setState({ state: 'open', connection: message.connection });
        for (const topic of this.#subscriptions.keys()) this.#sendSubscribe(topic);
        break;
      case 'event':
        this.#cursors.set(message.event.topic, message.event.id);
        break;
      case 'reset':
        this.#cursors.set(message.topic, message.cursor);
        break;
      case 'live':
        // Before any event, the head at subscribe time is where a resume must start.
        if (!this.#cursors.has(message.topic)) this.#cursors.set(message.topic, message.cursor);
        break;
    }
  }

  #sendSubscribe(topic: string): void {
    const since = this.#cursors.get(topic);
    const { name } = this.#subscriptions.get(topic) ?? {};
    this.send({ type: 'subscribe', topic, ...(since === undefined ? {} : { since }), ...(name === undefined ? {} : { name }) });
  }

  #frame(direction: FrameEntry['direction'], opcode: OpcodeName, payloadBytes: number, summary: string): void {
    const masked = direction === 'sent';
    // The browser picks a fresh random mask per frame and never shows it; the header shows where it goes.
    const header = encodeFrameHeader({ opcode, payloadLength: payloadBytes, ...(masked ? { maskKey: new Uint8Array(4) } : {}) });
    const hex = masked ? `${toHex(header.subarray(0, header.length - 4))} ?? ?? ?? ??` : toHex(header);
    this.#emit({ kind: 'frame', direction, opcode, payloadBytes, frameBytes: frameSize(payloadBytes, masked), header: hex, summary });
  }

  #note(text: string): void {
    this.#emit({ kind: 'note', text });
  }

  #emit(entry: LogEntry): void {
    this.#history.push(entry);
    if (this.#history.length > LOG_HISTORY) this.#history.shift();
    for (const listener of this.#logListeners) listener(entry);
  }

  #setState(state: SocketState): void {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}

/** A few words about a protocol message, for the frame log. */
export function summarise(message: Record<string, unknown> | ServerMessage): string {
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'subscribe':
      return `subscribe ${String(m.topic)}${m.since ? ` since ${String(m.since)}` : ''}`;
    case 'event': {
      const event = m.event as RealtimeEvent;
      return `event ${event.id} ${event.topic} ${event.type}`;
    }
    case 'live':
      return `live ${String(m.topic)}: ${String(m.replayed)} replayed`;
    case 'reset':
      return `reset ${String(m.topic)} (${String(m.reason)})`;
    case 'error':
      return `error: ${String(m.error)}`;
    case 'hello':
      return 'hello';
    default:
      return String(m.type);
  }
}

/** The absolute ws:// or wss:// URL of a path on this site (wss when the page is https); `origin` defaults to the page's. */
export function webSocketUrl(path: string, origin: string = location.href): string {
  const url = new URL(path, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}
