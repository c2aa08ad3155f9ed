import type { RealtimeEvent, ResetNotice } from '../lib/realtime/event.ts';
import { LongPollClient } from './transport/long-poll.ts';
import { WebSocketClient } from './transport/websocket.ts';

/** Which transport the feed is using right now. */
export type FeedTransport = 'connecting' | 'websocket' | 'long-polling' | 'stopped';

/** What a fallback feed tells its page. */
export interface FallbackFeedHandlers {
  onEvent(event: RealtimeEvent, via: 'websocket' | 'long-polling'): void;
  /** The server could not continue from the cursor; the next event follows `notice.cursor`. */
  onReset?(notice: ResetNotice): void;
  onTransport(transport: FeedTransport, why: string): void;
}

/** Options: the topic, and the WebSocket path to try (a refusing one simulates a blocking proxy). */
export interface FallbackFeedOptions {
  /** The site's origin; default: the page's. */
  origin?: string;
  topic: string;
  webSocketPath: () => string;
  /** How long one long poll may wait, s. Default 20. */
  longPollTimeoutS?: number;
}

/**
 * Tries a WebSocket first; when the upgrade fails (the socket closes before it ever opened, as it
 * does behind a proxy that refuses upgrades), it falls back to long polling on the same topic,
 * continuing from the id of the last event it received, so nothing is lost or repeated in the switch.
 * The pattern Engine.IO made common (it starts with polling and upgrades; the principle is the same).
 */
export class FallbackFeed {
  readonly #options: FallbackFeedOptions;
  readonly #handlers: FallbackFeedHandlers;
  #cursor: string | undefined;
  #socket: WebSocketClient | undefined;
  #poll: LongPollClient | undefined;
  #running = false;

  constructor(options: FallbackFeedOptions, handlers: FallbackFeedHandlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  /** The id of the last event received: where any transport continues from. */
  get cursor(): string | undefined {
    return this.#poll?.cursor ?? this.#cursor;
  }

  /** Starts with a WebSocket. */
  start(): void {
    this.#running = true;
    this.#tryWebSocket();
  }

  /** Drops whatever transport is in use and starts again with a WebSocket, from the same cursor. */
  reconnect(): void {
    this.#closeTransports();
    if (this.#running) this.#tryWebSocket();
  }

  stop(): void {
    this.#running = false;
    this.#closeTransports();
    this.#handlers.onTransport('stopped', 'stopped by the reader');
  }

  #closeTransports(): void {
    this.#socket?.stop();
    this.#socket = undefined;
    if (this.#poll) this.#cursor = this.#poll.cursor ?? this.#cursor;
    this.#poll?.stop();
    this.#poll = undefined;
  }

  #tryWebSocket(): void {
    const path = this.#options.webSocketPath();
    this.#handlers.onTransport('connecting', `trying a WebSocket on ${path}`);
    // Whether the current attempt got through the upgrade; a socket lost after that reconnects on its own.
    let upgraded = false;
    const socket = new WebSocketClient({
      ...(this.#options.origin ? { origin: this.#options.origin } : {}),
      topic: this.#options.topic,
      path,
      onConnection: (change) => {
        if (socket !== this.#socket) return;
        if (change.kind === 'open') {
          upgraded = true;
          this.#handlers.onTransport('websocket', `WebSocket open on ${path}`);
          return;
        }
        // Lost before it opened: the upgrade itself failed. Retrying the same way would fail again.
        if (!upgraded || !change.retrying) {
          this.#closeTransports();
          this.#longPoll(`the WebSocket upgrade failed on ${path}; falling back to long polling`);
          return;
        }
        upgraded = false;
        this.#handlers.onTransport('connecting', 'the WebSocket was lost; reconnecting after a back-off wait');
      },
      onEvent: (event) => this.#deliver(event as RealtimeEvent, 'websocket'),
      onReset: (notice) => this.#reset(notice),
      onLive: (cursor) => (this.#cursor ??= cursor),
    });
    this.#socket = socket;
    socket.start(this.#cursor);
  }

  #longPoll(why: string): void {
    this.#handlers.onTransport('long-polling', why);
    const poll = new LongPollClient({
      ...(this.#options.origin ? { origin: this.#options.origin } : {}),
      topic: this.#options.topic,
      timeoutS: this.#options.longPollTimeoutS ?? 20,
      onEvent: (event) => this.#deliver(event as RealtimeEvent, 'long-polling'),
      onReset: (notice) => this.#reset(notice),
    });
    this.#poll = poll;
    poll.start(this.#cursor);
  }

  #deliver(event: RealtimeEvent, via: 'websocket' | 'long-polling'): void {
    this.#cursor = event.id;
    this.#handlers.onEvent(event, via);
  }

  #reset(notice: ResetNotice): void {
    this.#cursor = notice.cursor;
    this.#handlers.onReset?.(notice);
  }
}
