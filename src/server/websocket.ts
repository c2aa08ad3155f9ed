import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
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
 * Serves /api/ws and /api/ws/echo on `server`: ws in noServer mode, upgrades routed by path,
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
        hub: runtime.hub,
        chat: runtime.chat,
        limits,
        outbox: runtime.webSockets.outbox,
        track: (work) => runtime.inFlight.track(work),
      });
    }
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = pathOf(request);
    if (path !== WEBSOCKET_PATH && path !== ECHO_PATH) {
      if (options.rejectOtherUpgrades) refuseUpgrade(socket, 404, 'Not Found', `no WebSocket endpoint at ${path}`);
      return;
    }
    const origin = request.headers.origin;
    if (!isOriginAllowed(origin, request.headers.host, allowedOrigins)) {
      refuseUpgrade(socket, 403, 'Forbidden', `origin: ${origin} may not open WebSockets here`);
      return;
    }
    const release = runtime.webSocketSlots.acquire(request.socket.remoteAddress ?? 'unknown');
    if (!release) {
      refuseUpgrade(socket, 429, 'Too Many Requests', `too many WebSockets from this address (at most ${config.WS_MAX_PER_IP})`);
      return;
    }
    // The raw socket closes however the connection ends, even when ws refuses a bad handshake.
    socket.once('close', release);
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

// Before the upgrade the socket still speaks HTTP, so a refusal is an ordinary response. Browsers
// hide it from page code (they report close code 1006), but tools and logs see the reason.
function refuseUpgrade(socket: Duplex, status: number, statusText: string, error: string): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
