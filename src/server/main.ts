/**
 * The production server: one Node process, one port. Static pages and API routes come from the
 * Astro build (dist/), WebSocket upgrades on /api/ws and /api/ws/echo from ws. Run `npm run build` first.
 *   PORT (default 4321; 0 picks a free port) and HOST (default localhost) choose where it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRuntime, stopRuntime } from '../lib/realtime/runtime.ts';
import { meterHttpServer } from '../lib/realtime/usage/http-meter.ts';
import { attachWebSockets } from './websocket.ts';
import { guardRequests } from './request-guard.ts';
import { collectScriptHashes, contentSecurityPolicy, withSecurityHeaders } from './security-headers.ts';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('../../dist/server/entry.mjs', import.meta.url);
const { handler } = (await import(entry.href).catch((error: unknown) => {
  console.error(`Could not load ${entry.pathname}. Run \`npm run build\` first.`);
  throw error;
})) as { handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void };

const runtime = getRuntime();
const policy = contentSecurityPolicy(collectScriptHashes(new URL('../../dist/client', import.meta.url).pathname));
const secured = guardRequests(withSecurityHeaders(handler, policy));
// Every answer names the instance that gave it (polls included), so a reader behind a proxy can tell.
const server = createServer((request, response) => {
  response.setHeader('X-Instance', runtime.instanceId);
  secured(request, response);
});
meterHttpServer(server, runtime.usage);
const closeWebSockets = attachWebSockets(server, runtime, { rejectOtherUpgrades: true });

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
server.listen(port, host, () => {
  const address = server.address() as AddressInfo;
  console.log(`Realtime Lab listening on http://${host}:${address.port}`);
});

let stopping = false;
/**
 * SIGTERM (a deploy, a container stop): take no new connections, close every WebSocket with 1001
 * so clients reconnect elsewhere, end event streams, let in-flight requests and publishes finish
 * (at most SHUTDOWN_GRACE_MS, then cut whatever is left), and exit.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const graceMs = runtime.config.SHUTDOWN_GRACE_MS;
  console.log(`${signal}: closing connections`);
  const httpDone = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  runtime.sseConnections.endAll();
  await closeWebSockets(graceMs);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  await httpDone;
  clearTimeout(cut);
  await stopRuntime();
  console.log(`${signal}: done`);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
