import { hostname } from 'node:os';
import { z } from 'zod';
import { defaultConnectionCap } from './limits/fd-limit.ts';

const whole = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** An origin as browsers send it (`https://example.com:8443`): scheme, host and port, nothing else. */
function toOrigin(text: string, context: z.RefinementCtx): string {
  try {
    const url = new URL(text);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host) return url.origin;
  } catch {
    // reported below
  }
  context.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not an http(s) origin like https://example.com` });
  return z.NEVER;
}

/** A comma-separated list of origins, e.g. `https://a.example,https://b.example:8443`; empty means none. */
const originList = z
  .string()
  .default('')
  .transform((text, context) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => toOrigin(part, context)),
  );

/** A comma-separated list of IP addresses, e.g. `10.0.0.2,10.0.0.3`; empty means none. */
const addressList = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => (part.startsWith('::ffff:') && part.includes('.') ? part.slice(7) : part)),
  );

/** A Redis URL (`redis://` or `rediss://` for TLS), e.g. `redis://127.0.0.1:6379/0`. */
const redisUrl = z
  .string()
  .optional()
  .transform((text, context) => {
    if (!text) return undefined;
    try {
      const url = new URL(text);
      if ((url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname) return text;
    } catch {
      // reported below
    }
    context.addIssue({ code: 'custom', message: 'must be a redis:// or rediss:// URL like redis://127.0.0.1:6379' });
    return z.NEVER;
  });

/** Server settings, read from the environment; every one has a working default. */
export const configSchema = z.object({
  /**
   * The Redis that several instances share as their backplane (events, ticker leader, presence,
   * publish rate limits). Unset: everything stays in this process's memory.
   */
  REDIS_URL: redisUrl,
  /** This instance's name, shown in /api/stats, /api/health and every transport's hello. Default `<hostname>-<pid>`. */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" and "-"' })
    .default(() => `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64)),
  /** Events kept per topic for resuming clients. */
  REPLAY_LIMIT: whole(1000, 1),
  /** Ticker period in ms; 0 turns the ticker off (tests publish by hand instead). */
  TICKER_INTERVAL_MS: whole(500),
  /** Reconnect delay announced to EventSource clients, in ms. */
  SSE_RETRY_MS: whole(2000),
  /** Longest silence on an event stream before a heartbeat comment, in ms. */
  SSE_HEARTBEAT_MS: whole(15_000, 30),
  /** Unsent bytes an event stream may have: past half of it ticker updates are skipped; past all of it the stream ends and the client resumes from its cursor. */
  SSE_MAX_BUFFERED_BYTES: whole(256 * 1024, 4096),
  /** Open event streams (SSE and wire taps) allowed per IP; long polls have their own cap. */
  MAX_STREAMS_PER_IP: whole(24, 1),
  /** Open event streams over all clients; the next is answered 503 with Retry-After. Default: a third of the open-file limit less a reserve. */
  MAX_SSE_STREAMS: z.coerce
    .number()
    .int()
    .min(1)
    .default(() => defaultConnectionCap()),
  /** Held long polls over all clients; the next is answered 503 with Retry-After. Default as MAX_SSE_STREAMS. */
  MAX_LONG_POLLS: z.coerce
    .number()
    .int()
    .min(1)
    .default(() => defaultConnectionCap()),
  /** Open WebSockets over all clients; the next upgrade is answered 503 with Retry-After. Default as MAX_SSE_STREAMS. */
  MAX_WEBSOCKETS: z.coerce
    .number()
    .int()
    .min(1)
    .default(() => defaultConnectionCap()),
  /** Long-poll requests one IP may have held open at once; the next one is answered 429. */
  LONG_POLL_MAX_PER_IP: whole(24, 1),
  /** Widget sessions whose measured bytes are kept; the least recently active are forgotten first. */
  USAGE_MAX_SESSIONS: whole(5000, 1),
  /** Publishes one IP may make in a burst, and regain per minute. */
  PUBLISH_BURST: whole(10, 1),
  PUBLISH_PER_MINUTE: whole(30, 1),
  /** The site's public URL; its origin may open WebSockets (besides the Host a request came to). */
  SITE_URL: z
    .string()
    .optional()
    .transform((text, context) => (text ? toOrigin(text, context) : undefined)),
  /** More origins allowed to open WebSockets, comma-separated. Every other Origin gets a 403. */
  ALLOWED_ORIGINS: originList,
  /** Proxies whose X-Forwarded-For is believed, comma-separated IPs; default none (the connection's own address counts). */
  TRUST_PROXY: addressList,
  /** Open WebSockets (chat and echo together) allowed per IP. */
  WS_MAX_PER_IP: whole(16, 1),
  /** Messages one WebSocket may send in a burst, and regain per second. */
  WS_MESSAGE_BURST: whole(20, 1),
  WS_MESSAGES_PER_SECOND: whole(5, 1),
  /** Bad messages (invalid, unknown, over the rate) tolerated in a burst before closing with 1008; one is forgiven every 10 s. */
  WS_MAX_STRIKES: whole(5, 1),
  /** Bytes a WebSocket may have waiting to be sent: past half of it ticker updates are skipped; a chat message that does not fit closes with 1013. */
  WS_MAX_BUFFERED_BYTES: whole(256 * 1024, 4096),
  /** Interval of the server's pings, in ms; a peer that has not answered the previous ping by then is terminated. */
  WS_HEARTBEAT_MS: whole(30_000, 20),
  /** Chat rooms one process keeps (each holds a replay log); the default room is always open on top of them. */
  CHAT_MAX_ROOMS: whole(100, 1),
  /** Chat rooms one address may have created that still exist. */
  CHAT_ROOMS_PER_IP: whole(5, 1),
  /** How long an empty room keeps its messages for people who come back, in ms; then it is freed. */
  CHAT_ROOM_LINGER_MS: whole(60_000),
  /** How long shutdown waits for sockets and requests to finish before cutting them, in ms. */
  SHUTDOWN_GRACE_MS: whole(5000, 0),
  /** Time a client has to send a request's headers, in ms; a slower one (slowloris) is answered 408 and closed. */
  HEADERS_TIMEOUT_MS: whole(10_000, 100),
  /** Time a client has to send a whole request, body included, in ms. Responses are not limited: streams stay open. */
  REQUEST_TIMEOUT_MS: whole(30_000, 100),
  /** Races publishing at once, over all readers; races one IP may start per minute (burst of 3). */
  RACE_MAX_ACTIVE: whole(20, 1),
  RACE_PER_MINUTE: whole(6, 1),
  /** Races one address may have publishing at once. */
  RACE_MAX_PER_IP: whole(2, 1),
  /** Time between starting a race and its first event, for its lanes to connect, in ms. */
  RACE_LEAD_MS: whole(1500),
});

export type RealtimeConfig = z.infer<typeof configSchema>;

/** Reads the settings from `env`, failing loudly on a value that is not a number. */
export function readConfig(env: Record<string, string | undefined>): RealtimeConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad server settings in the environment: ${problems.join('; ')}`);
  }
  return result.data;
}
