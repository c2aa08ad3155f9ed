import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RealtimeRuntime } from '../lib/realtime/runtime.ts';
import { runWebSocketSession } from '../lib/realtime/transports/ws-session.ts';

/** The path WebSocket clients upgrade on. */
export const WEBSOCKET_PATH = '/api/ws';

/** Largest message a client may send, in bytes; a larger frame closes the socket with 1009. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Options for attaching the WebSocket endpoint to an HTTP server. */
export interface AttachOptions {
  /**
   * Answer 404 to upgrades on other paths. True for the production server; false in `astro dev`,
   * where Vite's HMR socket upgrades on the same server and must be left alone.
   */
  rejectOtherUpgrades: boolean;
}

/** Serves /api/ws on `server` (ws in noServer mode, routed by path); returns the function that closes it. */
export function attachWebSockets(server: Server, runtime: RealtimeRuntime, options: AttachOptions): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });

  wss.on('connection', (socket) => {
    runtime.webSockets.count += 1;
    socket.once('close', () => {
      runtime.webSockets.count -= 1;
    });
    runWebSocketSession(socket, runtime.hub);
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== WEBSOCKET_PATH) {
      if (options.rejectOtherUpgrades) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  };
  server.on('upgrade', onUpgrade);

  return () =>
    new Promise<void>((resolve) => {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.close(() => resolve());
    });
}
