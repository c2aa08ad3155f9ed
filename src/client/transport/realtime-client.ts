import type { PollReply, WireEvent, WireReset } from '../../lib/realtime/protocol.ts';

/** Where a client stands: not started, connecting, delivering live events, waiting to retry, stopped. */
export type ClientState = 'idle' | 'connecting' | 'live' | 'waiting' | 'stopped';

/** What a client reports to its user: events in order, resets, "caught up", state changes. */
export interface RealtimeClientHandlers {
  /** One event, in the order the server holds them; the cursor after it is `event.id`. */
  onEvent?: (event: WireEvent) => void;
  /** The server could not resume from the cursor given; events may be missed, carry on from `reset.cursor`. */
  onReset?: (reset: WireReset) => void;
  /**
   * The backlog since the start cursor is delivered; `cursor` is where the client stands now, and
   * `replayed` how many events the server replayed, where the transport reports it (SSE does).
   */
  onLive?: (cursor: string, replayed?: number) => void;
  /** The client's state changed, with a few words on why. */
  onState?: (state: ClientState, reason: string) => void;
}

/** One subscription to a topic over any of the four transports, resumable from a cursor. */
export interface RealtimeClient {
  /** Starts delivering `topic`'s events after `cursor` (without one: from now on). */
  start(cursor?: string): void;
  /** Stops and releases its request or connection. */
  stop(): void;
  /** The cursor of the last event or reset delivered, for a later start(). */
  readonly cursor: string | undefined;
  /** The current state. */
  readonly state: ClientState;
}

/** What every transport's constructor takes. */
export interface RealtimeClientOptions extends RealtimeClientHandlers {
  /** The site's origin, e.g. http://127.0.0.1:4321 (in a browser: location.origin). */
  origin?: string;
  topic: string;
  /** Extra query parameters, read as each request or connection leaves: a widget's session id, so the server counts its bytes. */
  params?: () => Record<string, string>;
}

/** A stream or socket opened, or was lost; `retrying` says whether another connection attempt follows. */
export type ConnectionChange = { kind: 'open' } | { kind: 'lost'; retrying: boolean };

/** What the two connection-holding transports (SSE, WebSocket) take besides. */
export interface StreamClientOptions extends RealtimeClientOptions {
  /** Told when the stream or socket opens and when it is lost: a race lane counts connections and requests. */
  onConnection?: (change: ConnectionChange) => void;
}

/** The origin to resolve paths against: the option, else the page's. */
export function resolveOrigin(origin: string | undefined): string {
  if (origin) return origin;
  if (typeof location !== 'undefined') return location.origin;
  throw new Error('an origin is required outside a browser');
}

/** The URL of a poll request: `topic`, `since` / `timeout` when given, then any `extra` parameters (a session id). */
export function pollUrl(
  origin: string,
  path: string,
  topic: string,
  params: { since?: string; timeout?: number; extra?: Record<string, string> } = {},
): string {
  const url = new URL(path, origin);
  url.searchParams.set('topic', topic);
  if (params.since !== undefined) url.searchParams.set('since', params.since);
  if (params.timeout !== undefined) url.searchParams.set('timeout', String(params.timeout));
  for (const [name, value] of Object.entries(params.extra ?? {})) url.searchParams.set(name, value);
  return url.href;
}

/** Checks a poll reply's shape; throws on anything that is not a PollReply (a proxy's HTML page, say). */
export function parsePollReply(value: unknown): PollReply {
  const reply = value as Partial<PollReply> | null;
  if (typeof reply !== 'object' || reply === null) throw new TypeError('poll reply is not an object');
  if (typeof reply.cursor !== 'string') throw new TypeError('poll reply has no cursor');
  if (!Array.isArray(reply.events)) throw new TypeError('poll reply has no events');
  for (const event of reply.events) {
    if (typeof event?.id !== 'string' || typeof event.topic !== 'string') throw new TypeError('poll reply holds a malformed event');
  }
  if (reply.reset !== undefined && typeof reply.reset?.cursor !== 'string') throw new TypeError('poll reply holds a malformed reset');
  return reply as PollReply;
}

/** The state and cursor bookkeeping every transport shares, and its callbacks. */
export abstract class BaseClient implements RealtimeClient {
  #cursor: string | undefined;
  #state: ClientState = 'idle';
  protected readonly options: RealtimeClientOptions;
  protected readonly origin: string;
  constructor(options: RealtimeClientOptions) {
    this.options = options;
    this.origin = resolveOrigin(options.origin);
  }
  get cursor(): string | undefined {
    return this.#cursor;
  }
  get state(): ClientState {
    return this.#state;
  }
  abstract start(cursor?: string): void;
  abstract stop(): void;

  protected setCursor(cursor: string | undefined): void {
    this.#cursor = cursor;
  }
  protected setState(state: ClientState, reason: string): void {
    if (state === this.#state) return;
    this.#state = state;
    this.options.onState?.(state, reason);
  }
  protected deliver(event: WireEvent): void {
    this.#cursor = event.id;
    this.options.onEvent?.(event);
  }
  protected resetTo(reset: WireReset): void {
    this.#cursor = reset.cursor;
    this.options.onReset?.(reset);
  }
  protected caughtUp(cursor: string, replayed?: number): void {
    this.#cursor ??= cursor;
    this.setState('live', 'caught up');
    this.options.onLive?.(this.#cursor, replayed);
  }
}
