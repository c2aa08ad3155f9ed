import type { AstroIntegration } from 'astro';
import { getRuntime } from '../lib/realtime/runtime.ts';
import { meterHttpServer } from '../lib/realtime/usage/http-meter.ts';
import { attachWebSockets } from './websocket.ts';

/**
 * Serves /api/ws and /api/ws/echo from `astro dev`: Astro never sees upgrades, so this attaches the
 * same handler the production server uses to Vite's HTTP server, leaving Vite's own HMR upgrades alone.
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
        const closeWebSockets = attachWebSockets(nodeServer, getRuntime(), { rejectOtherUpgrades: false });
        // A restart of the dev server (config change) must not leave the old sockets and heartbeat behind.
        nodeServer.once('close', () => void closeWebSockets(0));
        meterHttpServer(nodeServer, getRuntime().usage);
      },
    },
  };
}
