import type { AstroIntegration } from 'astro';
import { getRuntime } from '../lib/realtime/runtime.ts';
import { meterHttpServer } from '../lib/realtime/usage/http-meter.ts';
import { attachUpgrades } from './websocket.ts';

/**
 * Serves /api/ws and /api/ws/echo from `astro dev`: Astro never sees upgrades, so this attaches the
 * same upgrade table the production server uses to Vite's HTTP server, leaving Vite's own HMR upgrades alone.
 * It also meters widget sessions' bytes on Vite's sockets, as the production server does on its own.
 */
export function realtimeDevServer(): AstroIntegration {
  return {
    name: 'realtime-lab:websockets',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        const httpServer = server.httpServer;
        if (!httpServer || !('listen' in httpServer)) {
          logger.warn('no HTTP server to attach /api/ws to (middleware mode?); WebSockets are off in dev');
          return;
        }
        const nodeServer = httpServer as import('node:http').Server;
        const runtime = getRuntime();
        const detach = attachUpgrades(nodeServer, runtime.webSocket.upgrades, { rejectOtherUpgrades: false });
        // A restart of the dev server (config change) must not leave the old sockets behind; the
        // runtime (and its transports) outlives it, and the next server attaches the same table.
        nodeServer.once('close', () => {
          detach();
          runtime.webSocket.connections.closeAll();
        });
        meterHttpServer(nodeServer, runtime.usage);
      },
    },
  };
}
