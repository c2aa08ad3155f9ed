/**
 * The protocol's values in one place: paths, topics, transport ids and the limits a client must
 * respect. Pure constants and types with no imports, so the browser, the tests and the benchmarks
 * can share them without pulling in server code (the server's own modules will read them from here).
 */

/** Every HTTP path and WebSocket endpoint of the realtime API. */
export const PATHS = {
  time: '/api/time',
  poll: '/api/poll',
  longPoll: '/api/long-poll',
  sse: '/api/sse',
  sseWire: '/api/sse/wire',
  sseDrop: '/api/sse/drop',
  publish: '/api/publish',
  race: '/api/race',
  usage: '/api/usage',
  stats: '/api/stats',
  ws: '/api/ws',
  wsEcho: '/api/ws/echo',
  wsDrop: '/api/ws/drop',
  /** Refuses every upgrade with 403, as a blocking proxy would (the fallback demo). */
  wsBlocked: '/api/ws/blocked',
} as const;

/** Where the API lives; `/events` (the classic EventSource snippet's stream) belongs to it too. */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/events';

/** True when a request target (a path, maybe with a query) is the API's rather than a page's or an asset's. */
export function isApiTarget(target: string): boolean {
  return target.startsWith(API_PREFIX) || target === EVENTS_PATH || target.startsWith(`${EVENTS_PATH}?`);
}

/** Topics a client may subscribe to by name (races and chat rooms have patterns, below). */
export const TOPICS = ['ticker', 'notifications'] as const;
export type Topic = (typeof TOPICS)[number];

/** Topics a reader may publish to: the ticker is the server's own feed. */
export const PUBLISHABLE_TOPICS = ['notifications'] as const;

/** A race's topic, `race:<id>` with the id POST /api/race returned. */
export const RACE_TOPIC = /^race:[0-9a-z]{10}$/;

/** A chat room's name: the part after `chat:`. */
export const ROOM_PATTERN = /^[a-z0-9-]{1,32}$/;

/** The four transports, in the order every table and chart lists them. */
export const TRANSPORT_IDS = ['short-polling', 'long-polling', 'sse', 'websockets'] as const;
export type TransportId = (typeof TRANSPORT_IDS)[number];

/** Limits a client must stay within; the server refuses anything past them. */
export const LIMITS = {
  /** Longest notification text, characters. */
  notificationLength: 280,
  /** Longest chat message, characters. */
  chatTextLength: 500,
  /** Longest chat name, characters. */
  chatNameLength: 32,
  /** Seconds a long poll is held when the client names no timeout. */
  defaultLongPollTimeoutS: 25,
  /** Longest hold a client may ask for, seconds. */
  maxLongPollTimeoutS: 30,
  /** Largest WebSocket message the server accepts, bytes. */
  maxWebSocketMessageBytes: 16 * 1024,
} as const;

/** An event as every transport delivers it. */
export interface WireEvent<T = unknown> {
  id: string;
  topic: string;
  type: string;
  data: T;
  ts: number;
}

/** Why the server could not resume from a client's cursor. */
export type WireResetReason = 'invalid' | 'unknown' | 'too-old';

/** The server's "I could not resume from your cursor" notice; carry on from `cursor`. */
export interface WireReset {
  topic: string;
  reason: WireResetReason;
  cursor: string;
}

/** A 200 reply of GET /api/poll or /api/long-poll. */
export interface PollReply {
  events: WireEvent[];
  cursor: string;
  reset?: WireReset;
}

/** The first event of every `GET /api/sse` stream (`event: hello`), sent on each connection and reconnection. */
export interface SseHello {
  /** This stream's id: the key of its wire tap (`/api/sse/wire?connection=`) and of `POST /api/sse/drop`. */
  connection: string;
  /** The server instance holding the stream. */
  instance: string;
  topic: string;
  /** The cursor the stream resumes after (the browser's Last-Event-ID); null on a first connection. */
  lastEventId: string | null;
  /** Server time when the stream opened, ms since the epoch. */
  serverTime: number;
}

/** The `live` event of a `GET /api/sse` stream: the replay is over; `replayed` events were replayed, the stream stands at `cursor`. */
export interface SseLive {
  replayed: number;
  cursor: string;
}
