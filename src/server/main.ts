/**
 * The production server: one Node process, one port. API routes go straight to the realtime
 * core's route table, the built pages and assets to a static handler that indexed them at
 * start-up, WebSocket upgrades to the upgrade table, and anything else to Astro's handler.
 * Run `npm run build` first.
 *   PORT (default 4321; 0 picks a free port) and HOST (default localhost) choose where it listens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { apiTable } from '../lib/realtime/api-routes.ts';
import { createNodeApiHandler } from '../lib/realtime/http/node-adapter.ts';
import { getRuntime, stopRuntime } from '../lib/realtime/runtime.ts';
import { meterHttpServer } from '../lib/realtime/usage/http-meter.ts';
import { connectionDrain } from './drain.ts';
import { API_CORS_HEADERS, withCors } from './cors.ts';
import { guardRequests } from './request-guard.ts';
import { API_SECURITY_HEADERS, collectScriptHashes, contentSecurityPolicy, withSecurityHeaders } from './security-headers.ts';
import { createStaticHandler } from './static-files.ts';
import { attachUpgrades } from './websocket.ts';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('../../dist/server/entry.mjs', import.meta.url);
const { handler: astroHandler } = (await import(entry.href).catch((error: unknown) => {
  console.error(`Could not load ${entry.pathname}. Run \`npm run build\` first.`);
  throw error;
})) as { handler: (req: IncomingMessage, res: ServerResponse) => void };

const runtime = getRuntime();
const clientDir = fileURLToPath(new URL('../../dist/client/', import.meta.url));
const drain = connectionDrain();
// Every answer names the instance that gave it (polls included), so a reader behind a proxy can tell.
const INSTANCE_HEADER = 'X-Instance';
const serveApi = createNodeApiHandler(apiTable(runtime), {
  trustedProxies: runtime.config.TRUST_PROXY,
  // Written with each API answer's status line in one go: the hot path sets no header by itself.
  headers: { ...API_SECURITY_HEADERS, ...API_CORS_HEADERS, [INSTANCE_HEADER]: runtime.instanceId },
  draining: drain.draining,
});
const serveStatic = createStaticHandler(clientDir);
const servePages = withSecurityHeaders(
  (req, res) => {
    res.setHeader(INSTANCE_HEADER, runtime.instanceId);
    if (req.method === 'GET' || req.method === 'HEAD') serveStatic(req, res, () => astroHandler(req, res));
    else astroHandler(req, res);
  },
  contentSecurityPolicy(collectScriptHashes(clientDir)),
);

const { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } = runtime.config;
const server = createServer(
  {
    headersTimeout: HEADERS_TIMEOUT_MS,
    // Node's default (300 s) would let a client trickle one request for minutes; this bounds the
    // request only, not the answer, so event streams and held long polls are unaffected.
    requestTimeout: REQUEST_TIMEOUT_MS,
    // How often Node looks for requests past those timeouts (its default is 30 s).
    connectionsCheckingInterval: Math.min(1000, HEADERS_TIMEOUT_MS),
  },
  drain.wrap(
    guardRequests(
      withCors((req, res) => {
        if (!serveApi(req, res)) servePages(req, res);
      }, runtime.config.ALLOWED_ORIGINS),
    ),
  ),
);
meterHttpServer(server, runtime.usage);
const detachUpgrades = attachUpgrades(
  server,
  runtime.transports.flatMap((transport) => transport.upgrades ?? []),
  { rejectOtherUpgrades: true },
);

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
server.listen(port, host, () => {
  const address = server.address() as AddressInfo;
  console.log(`Realtime Lab listening on http://${host}:${address.port}`);
});

let stopping = false;
/**
 * SIGTERM (a deploy, a container stop): take no new connections, let every transport end what it
 * holds (WebSockets get 1001, event streams end, held long polls are answered) so clients
 * reconnect elsewhere, let in-flight requests and publishes finish (at most SHUTDOWN_GRACE_MS,
 * then cut whatever is left), and exit.
 */
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const graceMs = runtime.config.SHUTDOWN_GRACE_MS;
  console.log(`${signal}: closing connections`);
  drain.start();
  const httpDone = new Promise<void>((resolve) => server.close(() => resolve()));
  detachUpgrades();
  server.closeIdleConnections();
  await Promise.all(runtime.transports.map((transport) => transport.close(graceMs)));
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  await httpDone;
  clearTimeout(cut);
  await stopRuntime();
  console.log(`${signal}: done`);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
