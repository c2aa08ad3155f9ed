import { createBackplane, type Backplane } from './backplane.ts';
import { ChatRooms } from './chat-room.ts';
import type { ClusterPresence } from './cluster/cluster-presence.ts';
import { createClusterPresence } from './cluster/create-presence.ts';
import { readConfig, type RealtimeConfig } from './config.ts';
import { RaceFeeds } from './feeds/races.ts';
import { TickerFeed } from './feeds/ticker.ts';
import { Hub } from './hub.ts';
import { clientAddress } from './http/client-address.ts';
import { InFlight } from './in-flight.ts';
import { createLongPollTransport } from './transports/long-poll/index.ts';
import { createShortPollTransport } from './transports/short-poll/index.ts';
import { createSseTransport, type SseTransport } from './transports/sse/index.ts';
import type { Transport } from './transports/transport.ts';
import { createWebSocketTransport, type WebSocketTransport } from './transports/websocket/index.ts';
import type { Limiter } from './limits/shared-rate-limiter.ts';
import { createTokenStream, type TokenStream } from './stream/token-stream.ts';
import { UsageStore } from './usage/usage-store.ts';

/** Everything realtime in one process: the hub, its feeds, and the limits shared by all transports. */
export interface RealtimeRuntime {
  config: RealtimeConfig;
  /** This instance's id (INSTANCE_ID), for /api/stats, /api/health and each transport's hello. */
  instanceId: string;
  /**
   * What the instances share (memory or Redis). `backplane.healthy` is false while Redis cannot be
   * reached (publishes and reads then reject) and `backplane.onHealth(listener)` tells each change,
   * for health checks and error answers; subscribers that pass `onError` are told by the hub itself.
   */
  backplane: Pick<Backplane, 'kind' | 'healthy' | 'onHealth'>;
  hub: Hub;
  ticker: TickerFeed;
  /** Every transport, each a unit with its routes, stats() and close(); /api/stats and shutdown loop over them. */
  transports: readonly Transport[];
  /** The SSE transport, whose streams the wire tap and the drop route look up. */
  sse: SseTransport;
  /** The WebSocket transport, whose upgrade table the servers attach. */
  webSocket: WebSocketTransport;
  /** Notifications per client address, shared by every instance. */
  publishLimiter: Limiter;
  /** Bytes on the wire per widget session, counted on the server's sockets. */
  usage: UsageStore;
  /** The comparison page's races, each on a topic of its own. */
  races: RaceFeeds;
  /** Races started per client address, shared by every instance. */
  raceLimiter: Limiter;
  /** Chat rooms (topics `chat:<room>`) and who is in them. */
  chat: ChatRooms;
  /** Publishes started by clients that shutdown waits for. */
  inFlight: InFlight;
  /** POST /api/stream, the token stream of the What comes next page. */
  tokenStream: TokenStream;
  /** This instance's id and its connection counts, reported to the others (Redis) for /api/cluster. */
  cluster: ClusterPresence;
  close(): Promise<void>;
}

// Astro bundles API routes, while the Node entry and the dev integration load this file
// unbundled: two copies of this module in one process. Keeping the one runtime on globalThis under
// a registered symbol makes every copy find the same instance, so an event published through one
// reaches subscribers of all transports.
const RUNTIME_KEY = Symbol.for('realtime-lab.runtime');
type RuntimeHolder = { [RUNTIME_KEY]?: RealtimeRuntime };

/** The process's realtime runtime, created from the environment on first use. */
export function getRuntime(): RealtimeRuntime {
  const holder = globalThis as RuntimeHolder;
  holder[RUNTIME_KEY] ??= createRuntime(readConfig(process.env));
  return holder[RUNTIME_KEY];
}

/** Stops the runtime (timers, bus) and forgets it; the next getRuntime() makes a new one. */
export async function stopRuntime(): Promise<void> {
  const holder = globalThis as RuntimeHolder;
  const runtime = holder[RUNTIME_KEY];
  delete holder[RUNTIME_KEY];
  await runtime?.close();
}

/**
 * Builds a runtime on the backplane the settings ask for. The ticker runs on a timer unless its
 * interval is 0, on one instance at a time: the one holding the ticker lease.
 */
export function createRuntime(config: RealtimeConfig): RealtimeRuntime {
  const backplane = createBackplane(config);
  const hub = new Hub(backplane.bus, { readLimit: config.REPLAY_LIMIT });
  const ticker = new TickerFeed(hub);
  const tickerLease = config.TICKER_INTERVAL_MS > 0 ? backplane.lease('ticker') : undefined;
  let leading: Promise<unknown> | undefined;
  const tick = () => {
    if (!tickerLease?.held) {
      leading = undefined;
      return;
    }
    // A new leader first picks up the prices where the previous one left them.
    leading ??= ticker.resume().catch(() => undefined);
    // When the backplane is down the tick is skipped.
    void leading.then(() => ticker.tick()).catch(() => undefined);
  };
  const timer = tickerLease ? setInterval(tick, config.TICKER_INTERVAL_MS) : undefined;
  timer?.unref();
  const races = new RaceFeeds(hub, {
    maxActive: config.RACE_MAX_ACTIVE,
    maxPerOwner: config.RACE_MAX_PER_IP,
    leadMs: config.RACE_LEAD_MS,
  });
  const chat = new ChatRooms(hub, {
    maxRooms: config.CHAT_MAX_ROOMS,
    roomsPerAddress: config.CHAT_ROOMS_PER_IP,
    lingerMs: config.CHAT_ROOM_LINGER_MS,
    presence: backplane.presence,
  });
  const inFlight = new InFlight();
  const sse = createSseTransport({
    hub,
    retryMs: config.SSE_RETRY_MS,
    heartbeatMs: config.SSE_HEARTBEAT_MS,
    maxPerIp: config.MAX_STREAMS_PER_IP,
    maxTotal: config.MAX_SSE_STREAMS,
    maxBufferedBytes: config.SSE_MAX_BUFFERED_BYTES,
  });
  const webSocket = createWebSocketTransport({
    hub,
    chat,
    inFlight,
    limits: {
      messageBurst: config.WS_MESSAGE_BURST,
      messagesPerSecond: config.WS_MESSAGES_PER_SECOND,
      maxStrikes: config.WS_MAX_STRIKES,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
    },
    maxPerIp: config.WS_MAX_PER_IP,
    maxTotal: config.MAX_WEBSOCKETS,
    heartbeatMs: config.WS_HEARTBEAT_MS,
    allowedOrigins: [...(config.SITE_URL ? [config.SITE_URL] : []), ...config.ALLOWED_ORIGINS],
    clientIp: (request) => clientAddress(request.socket.remoteAddress, headerText(request.headers['x-forwarded-for']), config.TRUST_PROXY),
  });
  const transports: Transport[] = [
    createShortPollTransport({ hub }),
    createLongPollTransport({ hub, maxPerIp: config.LONG_POLL_MAX_PER_IP, maxTotal: config.MAX_LONG_POLLS }),
    sse,
    webSocket,
  ];
  const runtime: RealtimeRuntime = {
    config,
    instanceId: config.INSTANCE_ID,
    backplane,
    hub,
    ticker,
    transports,
    sse,
    webSocket,
    publishLimiter: backplane.limiter('publish', {
      capacity: config.PUBLISH_BURST,
      refillPerSecond: config.PUBLISH_PER_MINUTE / 60,
    }),
    usage: new UsageStore({ maxSessions: config.USAGE_MAX_SESSIONS }),
    races,
    raceLimiter: backplane.limiter('race', { capacity: 3, refillPerSecond: config.RACE_PER_MINUTE / 60 }),
    chat,
    inFlight,
    tokenStream: createTokenStream(),
    // CLUSTER_DEMO is set by the cluster runner only (scripts/cluster.ts), never a deploy setting.
    cluster: createClusterPresence({ id: config.INSTANCE_ID, redisUrl: config.REDIS_URL, demo: process.env.CLUSTER_DEMO === '1' }, () => {
      const counts: Record<string, unknown> = Object.assign({}, ...transports.map((transport) => transport.stats()));
      return {
        sseStreams: Number(counts.sseStreams ?? 0),
        webSockets: Number(counts.webSockets ?? 0),
        longPolls: Number(counts.longPolls ?? 0),
      };
    }),
    async close() {
      await runtime.cluster.close();
      clearInterval(timer);
      races.close();
      hub.close();
      await chat.close();
      await backplane.close();
    },
  };
  return runtime;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
