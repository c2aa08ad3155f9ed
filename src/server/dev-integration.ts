import type { AstroIntegration } from 'astro';
import { getRuntime } from '../lib/realtime/runtime.ts';
import { attachWebSockets } from './websocket.ts';

/**
 * Serves /api/ws from `astro dev`: Astro never sees upgrades, so this attaches the same handler
 * the production server uses to Vite's HTTP server, leaving Vite's own HMR upgrades alone.
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
        attachWebSockets(httpServer as import('node:http').Server, getRuntime(), { rejectOtherUpgrades: false });
      },
    },
  };
}
