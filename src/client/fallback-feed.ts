import type { RealtimeEvent, ResetNotice } from '../lib/realtime/event.ts';
import type { ServerMessage } from '../lib/realtime/transports/ws-messages.ts';
import { webSocketUrl } from './resuming-socket.ts';
import { PATHS, type PollReply } from '../lib/realtime/protocol.ts';

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
  #abort: AbortController | undefined;
  #running = false;

  constructor(options: FallbackFeedOptions, handlers: FallbackFeedHandlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  /** The id of the last event received: where any transport continues from. */
  get cursor(): string | undefined {
    return this.#cursor;
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
    this.#abort?.abort();
    this.#abort = undefined;
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
    const abort = new AbortController();
    this.#abort = abort;
    void this.#pollLoop(abort.signal);
  }

  async #pollLoop(signal: AbortSignal): Promise<void> {
    const timeout = this.#options.longPollTimeoutS ?? 20;
    while (!signal.aborted) {
      try {
        const query = new URLSearchParams({ topic: this.#options.topic, timeout: String(timeout) });
        if (this.#cursor) query.set('since', this.#cursor);
        const response = await fetch(`${PATHS.longPoll}?${query}`, { cache: 'no-store', signal });
        if (response.status === 204) continue;
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as PollReply;
        if (body.reset) this.#reset(body.reset);
        for (const event of body.events) this.#deliver(event, 'long-polling');
        this.#cursor = body.cursor;
      } catch {
        // Aborted on switch or stop, or a failed request: pause, then ask again from the same cursor.
        if (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
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
