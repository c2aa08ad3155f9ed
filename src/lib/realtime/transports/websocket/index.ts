import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChatRooms } from '../../chat-room.ts';
import type { Hub } from '../../hub.ts';
import { empty, errorReply, type Route } from '../../http/api.ts';
import { readJsonBody } from '../../http/body.ts';
import type { InFlight } from '../../in-flight.ts';
import { ConnectionCounter, refusalFor } from '../../limits/connection-counter.ts';
import { isOriginAllowed } from '../../limits/origin-policy.ts';
import { connectionSchema, parseInput } from '../../schemas.ts';
import type { Transport, UpgradeRoute } from '../transport.ts';
import { MAX_MESSAGE_BYTES } from '../ws-messages.ts';
import { WebSocketConnections } from './connections.ts';
import { EchoSession } from './echo.ts';
import { Heartbeat } from './heartbeat.ts';
import { sessionRates, WebSocketSession, type SessionLimits, type SessionServices } from './session.ts';

/** The path of the JSON protocol (subscribe, chat, ping). */
export const WEBSOCKET_PATH = '/api/ws';
/** The path that sends every text message straight back. */
export const ECHO_PATH = '/api/ws/echo';
/** A path that refuses every upgrade with 403, as a proxy that blocks WebSockets does (the fallback demo). */
export const BLOCKED_PATH = '/api/ws/blocked';

/** What the WebSocket transport needs from the process around it. */
export interface WebSocketTransportOptions {
  hub: Hub;
  chat: ChatRooms;
  /** Publishes started by sockets (chat), which shutdown waits for. */
  inFlight: InFlight;
  limits: SessionLimits;
  /** Open WebSockets per client address (WS_MAX_PER_IP). */
  maxPerIp: number;
  /** Open WebSockets over all clients (MAX_WEBSOCKETS); default no process-wide cap. */
  maxTotal?: number;
  /** Ping interval (WS_HEARTBEAT_MS). */
  heartbeatMs: number;
  /** Origins besides the request's own Host that may open sockets. */
  allowedOrigins: readonly string[];
  /** The client address of an upgrade request (one function for every transport). */
  clientIp(request: IncomingMessage): string;
}

/** The WebSocket transport as a unit: its two socket paths and the blocked one, `/api/ws/drop`, stats and close. */
export type WebSocketTransport = Transport & { readonly upgrades: readonly UpgradeRoute[]; readonly connections: WebSocketConnections };

/**
 * WebSockets on /api/ws (JSON protocol) and /api/ws/echo: ws in noServer mode, Origin and
 * per-address limits checked before any socket exists, a heartbeat that finds dead peers.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  // permessage-deflate stays off: it costs each connection a zlib context (tens of kB) and CPU
  // on every message, and mixing secrets with attacker-chosen text in one compressed stream leaks them.
  // clientTracking is off: `connections` already knows every socket, by id.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false });
  const heartbeat = new Heartbeat(options.heartbeatMs);
  const connections = new WebSocketConnections();
  const slots = new ConnectionCounter(options.maxPerIp, options.maxTotal);
  // Made once and shared by every session, so a connection costs only its own state.
  const services: SessionServices = {
    hub: options.hub,
    chat: options.chat,
    limits: options.limits,
    outbox: connections.outbox,
    track: (work) => options.inFlight.track(work),
  };
  const rates = sessionRates(options.limits);

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const id = randomUUID();
    connections.add(id, socket);
    heartbeat.watch(socket);
    // ws reports protocol errors (oversize frames, bad UTF-8) here after closing with the right
    // code itself; without a listener the error would crash the process.
    socket.on('error', ignoreError);
    const session =
      pathOf(request) === ECHO_PATH
        ? new EchoSession(socket, services, rates)
        : new WebSocketSession(socket, id, options.clientIp(request), services, rates);
    // One listener does all the leaving ('close' comes once; `once` would add a wrapper per socket).
    socket.on('close', () => {
      connections.remove(id);
      heartbeat.forget(socket);
      session.release();
    });
  });

  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const origin = request.headers.origin;
    if (!isOriginAllowed(origin, request.headers.host, options.allowedOrigins)) {
      refuseUpgrade(socket, 403, 'Forbidden', `origin: ${origin} may not open WebSockets here`);
      return;
    }
    // A client that already reset the connection has no address: there is no one left to answer.
    if (request.socket.remoteAddress === undefined) {
      socket.destroy();
      return;
    }
    const slot = slots.acquire(options.clientIp(request));
    if (!slot.ok) {
      const refusal = refusalFor(slot.limit, 'WebSockets', options.maxPerIp);
      const statusText = refusal.status === 429 ? 'Too Many Requests' : 'Service Unavailable';
      refuseUpgrade(socket, refusal.status, statusText, refusal.error, refusal.retryAfter);
      return;
    }
    // The raw socket closes however the connection ends, even when ws refuses a bad handshake.
    socket.on('close', slot.release);
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  };

  const drop: Route = {
    method: 'POST',
    path: '/api/ws/drop',
    // `{"connection": id}`: the server cuts that socket without a closing handshake, so the reader
    // can watch 1006, the backoff, the reconnect and the replay.
    handler: async (request) => {
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      const parsed = parseInput(connectionSchema, body.value);
      if (!parsed.ok) return errorReply(400, parsed.error);
      if (!connections.terminate(parsed.value.connection)) return errorReply(404, 'no open WebSocket has that connection id');
      return empty(204);
    },
  };

  return {
    name: 'websocket',
    connections,
    routes: [drop],
    upgrades: [
      { path: WEBSOCKET_PATH, handle: accept },
      { path: ECHO_PATH, handle: accept },
      {
        path: BLOCKED_PATH,
        handle: (_request, socket) =>
          refuseUpgrade(socket, 403, 'Forbidden', 'upgrade refused: this path stands in for a proxy that blocks WebSockets'),
      },
    ],
    stats: () => ({ webSockets: connections.count, webSocketOutbox: connections.outbox }),
    async close(graceMs) {
      heartbeat.stop();
      wss.close();
      const closed = connections.allClosed();
      connections.closeAll();
      const timer = setTimeout(() => connections.terminateAll(), graceMs);
      await closed;
      clearTimeout(timer);
      // Closing sockets leave their chat rooms, which publishes; that, too, finishes before we return.
      await options.inFlight.drain();
    },
  };
}

function ignoreError(): void {}

function pathOf(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * Before the upgrade the socket still speaks HTTP, so a refusal is an ordinary response. Browsers
 * hide it from page code (they report close code 1006), but tools and logs see the reason.
 */
export function refuseUpgrade(socket: Duplex, status: number, statusText: string, error: string, retryAfter?: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error });
  const retry = retryAfter === undefined ? '' : `Retry-After: ${retryAfter}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n${retry}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
