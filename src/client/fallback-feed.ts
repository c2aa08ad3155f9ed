import type { RealtimeEvent, ResetNotice } from '../lib/realtime/event.ts';
import type { ServerMessage } from '../lib/realtime/transports/ws-messages.ts';
import { webSocketUrl } from './resuming-socket.ts';
import { LongPollClient } from './transport/long-poll.ts';

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
  #socket: WebSocket | undefined;
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
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'switching');
    if (this.#poll) this.#cursor = this.#poll.cursor ?? this.#cursor;
    this.#poll?.stop();
    this.#poll = undefined;
  }

  #tryWebSocket(): void {
    const path = this.#options.webSocketPath();
    this.#handlers.onTransport('connecting', `trying a WebSocket on ${path}`);
    const socket = new WebSocket(webSocketUrl(path));
    this.#socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.#handlers.onTransport('websocket', `WebSocket open on ${path}`);
      const since = this.#cursor;
      socket.send(JSON.stringify({ type: 'subscribe', topic: this.#options.topic, ...(since ? { since } : {}) }));
    });
    socket.addEventListener('message', (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      const parsed = JSON.parse(message.data) as ServerMessage;
      if (parsed.type === 'event') this.#deliver(parsed.event, 'websocket');
      else if (parsed.type === 'live') this.#cursor ??= parsed.cursor;
      else if (parsed.type === 'reset') this.#reset(parsed);
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (socket !== this.#socket || !this.#running) return;
      this.#socket = undefined;
      // Closed before it opened: the upgrade itself failed. Retrying the same way would fail again.
      if (!opened) this.#longPoll(`the WebSocket upgrade failed (close ${event.code}); falling back to long polling`);
      else this.#tryWebSocket();
    });
  }

  #longPoll(why: string): void {
    this.#handlers.onTransport('long-polling', why);
    const poll = new LongPollClient({
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
