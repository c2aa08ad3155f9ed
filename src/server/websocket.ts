import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { UpgradeRoute } from '../lib/realtime/transports/transport.ts';
import { refuseUpgrade } from '../lib/realtime/transports/websocket/index.ts';

/** An 'error' listener shared by every upgrade socket (called with the socket as `this`). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

/** Options for attaching the upgrade table to an HTTP server. */
export interface AttachOptions {
  /**
   * Answer 404 to upgrades on other paths. True for the production server; false in `astro dev`,
   * where Vite's HMR socket upgrades on the same server and must be left alone.
   */
  rejectOtherUpgrades: boolean;
}

/**
 * Routes `server`'s upgrade requests by path to the transports' upgrade table (WebSockets).
 * Returns the function that detaches it.
 */
export function attachUpgrades(server: Server, upgrades: readonly UpgradeRoute[], options: AttachOptions): () => void {
  const byPath = new Map(upgrades.map((upgrade) => [upgrade.path, upgrade]));
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that resets the connection while we answer (a refused upgrade, say) makes the write
    // fail; that is the client leaving, and an unhandled 'error' would end the process.
    socket.on('error', destroySocket);
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const upgrade = byPath.get(path);
    if (upgrade) upgrade.handle(request, socket, head);
    else if (options.rejectOtherUpgrades) refuseUpgrade(socket, 404, 'Not Found', `no WebSocket endpoint at ${path}`);
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
  };
}
