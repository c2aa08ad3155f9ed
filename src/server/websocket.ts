import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { refusalFor } from '../lib/realtime/limits/connection-counter.ts';
import { isOriginAllowed } from '../lib/realtime/limits/origin-policy.ts';
import type { RealtimeRuntime } from '../lib/realtime/runtime.ts';
import { runEchoSession } from '../lib/realtime/transports/ws-echo.ts';
import { Heartbeat } from '../lib/realtime/transports/ws-heartbeat.ts';
import { CLOSE, MAX_MESSAGE_BYTES } from '../lib/realtime/transports/ws-messages.ts';
import { runWebSocketSession, type SessionLimits } from '../lib/realtime/transports/ws-session.ts';

/** The path of the JSON protocol (subscribe, chat, ping). */
export const WEBSOCKET_PATH = '/api/ws';
/** The path that sends every text message straight back. */
export const ECHO_PATH = '/api/ws/echo';
/** A path that refuses every upgrade with 403, as a proxy that blocks WebSockets does (the fallback demo). */
export const BLOCKED_PATH = '/api/ws/blocked';

/** Options for attaching the WebSocket endpoints to an HTTP server. */
export interface AttachOptions {
  /**
   * Answer 404 to upgrades on other paths. True for the production server; false in `astro dev`,
   * where Vite's HMR socket upgrades on the same server and must be left alone.
   */
  rejectOtherUpgrades: boolean;
}

/** Closes every WebSocket with 1001 and waits (at most `graceMs`) for the closing handshakes and in-flight work. */
export type CloseWebSockets = (graceMs: number) => Promise<void>;

/**
 * Serves /api/ws and /api/ws/echo on `server` (and refuses /api/ws/blocked like a blocking proxy): ws in noServer mode, upgrades routed by path,
 * Origin and per-IP limits checked before any socket exists. Returns the function that closes them.
 */
export function attachWebSockets(server: Server, runtime: RealtimeRuntime, options: AttachOptions): CloseWebSockets {
  const { config } = runtime;
  // permessage-deflate stays off: it costs each connection a zlib context (tens of kB) and CPU
  // on every message, and mixing secrets with attacker-chosen text in one compressed stream leaks them.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const heartbeat = new Heartbeat(config.WS_HEARTBEAT_MS);
  const allowedOrigins = [...(config.SITE_URL ? [config.SITE_URL] : []), ...config.ALLOWED_ORIGINS];
  const limits: SessionLimits = {
    messageBurst: config.WS_MESSAGE_BURST,
    messagesPerSecond: config.WS_MESSAGES_PER_SECOND,
    maxStrikes: config.WS_MAX_STRIKES,
    maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
  };

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const id = randomUUID();
    runtime.webSockets.add(id, socket);
    heartbeat.watch(socket);
    // ws reports protocol errors (oversize frames, bad UTF-8) here after closing with the right
    // code itself; without a listener the error would crash the process.
    socket.on('error', () => {});
    socket.once('close', () => runtime.webSockets.remove(id));
    if (pathOf(request) === ECHO_PATH) runEchoSession(socket, limits, runtime.webSockets.outbox);
    else {
      runWebSocketSession(socket, {
        id,
        address: request.socket.remoteAddress ?? 'unknown',
        hub: runtime.hub,
        chat: runtime.chat,
        limits,
        outbox: runtime.webSockets.outbox,
        track: (work) => runtime.inFlight.track(work),
      });
    }
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Until ws takes the socket over, nothing else listens for its errors: a client that resets
    // the connection while we answer would otherwise raise an unhandled 'error' and end the process.
    socket.on('error', ignoreClientReset);
    const path = pathOf(request);
    if (path === BLOCKED_PATH) {
      refuseUpgrade(socket, 403, 'Forbidden', 'upgrade refused: this path stands in for a proxy that blocks WebSockets');
      return;
    }
    if (path !== WEBSOCKET_PATH && path !== ECHO_PATH) {
      if (options.rejectOtherUpgrades) refuseUpgrade(socket, 404, 'Not Found', `no WebSocket endpoint at ${path}`);
      return;
    }
    const origin = request.headers.origin;
    if (!isOriginAllowed(origin, request.headers.host, allowedOrigins)) {
      refuseUpgrade(socket, 403, 'Forbidden', `origin: ${origin} may not open WebSockets here`);
      return;
    }
    const address = request.socket.remoteAddress;
    // A client that already reset the connection has no address: there is no one left to answer.
    if (address === undefined) {
      socket.destroy();
      return;
    }
    const slot = runtime.webSocketSlots.acquire(address);
    if (!slot.ok) {
      const refusal = refusalFor(slot.limit, 'WebSockets', config.WS_MAX_PER_IP);
      const statusText = refusal.status === 429 ? 'Too Many Requests' : 'Service Unavailable';
      refuseUpgrade(socket, refusal.status, statusText, refusal.error, refusal.retryAfter);
      return;
    }
    // The raw socket closes however the connection ends, even when ws refuses a bad handshake.
    socket.once('close', slot.release);
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  };
  server.on('upgrade', onUpgrade);

  return async (graceMs) => {
    server.off('upgrade', onUpgrade);
    heartbeat.stop();
    const closed = new Promise<void>((resolve) => wss.close(() => resolve()));
    for (const client of wss.clients) client.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
    const timer = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
    }, graceMs);
    await closed;
    clearTimeout(timer);
    // Closing sockets leave their chat rooms, which publishes; that, too, finishes before we return.
    await runtime.inFlight.drain();
  };
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

/** A peer that resets or breaks its connection is not a server error: nothing to log, nothing to throw. */
function ignoreClientReset(): void {}

// Before the upgrade the socket still speaks HTTP, so a refusal is an ordinary response. Browsers
// hide it from page code (they report close code 1006), but tools and logs see the reason.
function refuseUpgrade(socket: Duplex, status: number, statusText: string, error: string, retryAfter?: number): void {
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
