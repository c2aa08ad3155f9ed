/**
 * Realtime Lab against bare Node, side by side in one run (build first):
 *   npm run bench:compare
 * Starts the bare-Node baselines (bench/compare/bare-server.ts) and the built project afresh for
 * each measurement, drives both with the same load generator on loopback, and prints a table of
 * ratios. BENCH_SCALE (default 1) scales every client count, e.g. 0.1 for a quick run;
 * BENCH_SECONDS (default 8) is the length of each window; request rates are measured in
 * BENCH_ROUNDS (default 3) alternating rounds and the best of each side kept, which tames a busy machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { longPollLoad, requestRate, sseLoad, webSocketLoad, type Delivery, type Rate } from './compare/load.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? 1);
const windowMs = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_ONLY=poll,page,long-poll,sse,ws runs only those measurements (all when unset). */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wanted = (name: 'poll' | 'page' | 'long-poll' | 'sse' | 'ws'): boolean => only.size === 0 || only.has(name);
const count = (full: number) => Math.max(10, Math.round(full * scale));
const PAGE = '/websockets/';
const TICK_MS = 500;

interface Started {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a server process and waits for its `listening on http://…:<port>` line. */
function start(args: string[], env: Record<string, string>): Promise<Started> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        resolve({
          port: Number(match[1]),
          pid: child.pid!,
          // SIGKILL: the server closes every socket first, so the load generator's ports are free at once.
          stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGKILL')))),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const bare = () => start(['bench/compare/bare-server.ts', `dist/client${PAGE}index.html.br`], { TICK_MS: String(TICK_MS) });
const project = () =>
  start(['src/server/main.ts'], {
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    TICKER_INTERVAL_MS: String(TICK_MS),
    MAX_STREAMS_PER_IP: '100000',
    LONG_POLL_MAX_PER_IP: '100000',
    WS_MAX_PER_IP: '100000',
    MAX_SSE_STREAMS: '100000',
    MAX_LONG_POLLS: '100000',
    MAX_WEBSOCKETS: '100000',
  });

/** Runs `measure` against a fresh bare server and a fresh project server, one after the other. */
async function sideBySide<T>(measure: (server: Started, kind: 'bare' | 'project') => Promise<T>): Promise<{ bare: T; project: T }> {
  const results = {} as { bare: T; project: T };
  for (const [kind, launch] of [
    ['bare', bare],
    ['project', project],
  ] as const) {
    const server = await launch();
    try {
      results[kind] = await measure(server, kind);
    } finally {
      await server.stop();
    }
  }
  return results;
}

/** The best request rate of several alternating rounds (bare, project, bare, project, …). */
/** The best requests/s of `rounds` alternating runs, and the least server CPU per request seen, for each side. */
async function bestRate(measure: (server: Started, kind: 'bare' | 'project') => Promise<Rate>) {
  const none: Rate = { rps: 0, p99: 0, errors: 0, cpuPerRequest: Infinity };
  let best = { bare: none, project: none };
  for (let round = 0; round < rounds; round++) {
    const result = await sideBySide(measure);
    const better = (was: Rate, now: Rate): Rate => ({
      ...(now.rps > was.rps ? now : was),
      cpuPerRequest: Math.min(was.cpuPerRequest, now.cpuPerRequest),
    });
    best = { bare: better(best.bare, result.bare), project: better(best.project, result.project) };
  }
  return best;
}

const rows: string[][] = [];
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (project: number, bare: number) => `${fmt(project / bare, 2)}×`;
function row(what: string, bareValue: string, projectValue: string, ratioText: string, goal: string): void {
  rows.push([what, bareValue, projectValue, ratioText, goal]);
  console.log(`  ${what}: bare ${bareValue}, project ${projectValue} (${ratioText})`);
}
function deliveryRows(
  name: string,
  clients: number,
  result: { bare: Delivery; project: Delivery },
  goals: { p99: string; memory?: string },
): void {
  const { bare: b, project: p } = result;
  if (b.perConnection !== undefined && p.perConnection !== undefined) {
    row(
      `${name}, ${fmt(clients)} clients: memory per connection`,
      `${fmt(b.perConnection / 1024, 1)} KB`,
      `${fmt(p.perConnection / 1024, 1)} KB`,
      ratio(p.perConnection, b.perConnection),
      goals.memory ?? '',
    );
  }
  row(
    `${name}, ${fmt(clients)} clients: events delivered in ${windowMs / 1000} s`,
    `${fmt(b.delivered)} of ${fmt(b.expected)}`,
    `${fmt(p.delivered)} of ${fmt(p.expected)}`,
    ratio(p.delivered / p.expected, b.delivered / b.expected),
    'all',
  );
  row(`${name}, ${fmt(clients)} clients: p99 delivery`, `${fmt(b.p99)} ms`, `${fmt(p.p99)} ms`, ratio(p.p99, b.p99), goals.p99);
}

const conditions = `${cpus().length} × ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, loopback; scale ${scale}, window ${windowMs / 1000} s, ticker every ${TICK_MS} ms, best of ${rounds} rounds for request rates; load average at start ${loadavg()
  .map((load) => fmt(load, 1))
  .join(' / ')}`;
console.log(`bench:compare — ${conditions}`);

const pollClients = count(50);
if (wanted('poll')) {
  const poll = await bestRate((server, kind) =>
    requestRate(
      `http://127.0.0.1:${server.port}${kind === 'bare' ? '/json' : '/api/poll?topic=ticker'}`,
      server.pid,
      pollClients,
      windowMs / 1000,
    ),
  );
  row(
    `empty short poll, requests/s (${pollClients} connections)`,
    fmt(poll.bare.rps),
    fmt(poll.project.rps),
    ratio(poll.project.rps, poll.bare.rps),
    '≥ 0.80×',
  );
  // The same goal seen from the server's side: ≥ 0.80× the requests/s is ≤ 1.25× the CPU per request.
  row(
    'empty short poll, server CPU per request',
    `${fmt(poll.bare.cpuPerRequest, 1)} µs`,
    `${fmt(poll.project.cpuPerRequest, 1)} µs`,
    ratio(poll.project.cpuPerRequest, poll.bare.cpuPerRequest),
    '≤ 1.25×',
  );
}

if (wanted('page')) {
  const page = await bestRate((server, kind) =>
    requestRate(`http://127.0.0.1:${server.port}${kind === 'bare' ? '/page' : PAGE}`, server.pid, pollClients, windowMs / 1000, {
      'accept-encoding': 'br, gzip',
    }),
  );
  row(
    `static page ${PAGE} (brotli), requests/s (${pollClients} connections)`,
    fmt(page.bare.rps),
    fmt(page.project.rps),
    ratio(page.project.rps, page.bare.rps),
    'as fast',
  );
}

const longPollClients = count(5000);
if (wanted('long-poll')) {
  const longPoll = await sideBySide(async (server, kind) => {
    if (kind === 'bare')
      return longPollLoad(server.port, longPollClients, windowMs, (cursor) => `/long-poll${cursor ? `?since=${cursor}` : ''}`, undefined);
    const head = (await (await fetch(`http://127.0.0.1:${server.port}/api/poll?topic=ticker`)).json()) as { cursor: string };
    return longPollLoad(
      server.port,
      longPollClients,
      windowMs,
      (cursor) => `/api/long-poll?topic=ticker&timeout=30&since=${cursor}`,
      head.cursor,
    );
  });
  deliveryRows('long poll', longPollClients, longPoll, { p99: '≤ 1.50×' });
}

const streamClients = count(10_000);
if (wanted('sse')) {
  const sse = await sideBySide((server, kind) =>
    sseLoad(server.port, server.pid, streamClients, windowMs, kind === 'bare' ? '/sse' : '/api/sse?topic=ticker'),
  );
  deliveryRows('SSE', streamClients, sse, { p99: '≤ 1.30×', memory: '≤ 1.25×' });
}

if (wanted('ws')) {
  const ws = await sideBySide((server, kind) =>
    kind === 'bare'
      ? webSocketLoad(server.port, server.pid, streamClients, windowMs, '/ws')
      : webSocketLoad(server.port, server.pid, streamClients, windowMs, '/api/ws', JSON.stringify({ type: 'subscribe', topic: 'ticker' })),
  );
  deliveryRows('WebSocket', streamClients, ws, { p99: '≤ 1.30×', memory: '≤ 1.25×' });
}

console.log(
  `\n${conditions}; load average at end ${loadavg()
    .map((load) => fmt(load, 1))
    .join(' / ')}`,
);
console.log('\n| what | bare Node | Realtime Lab | ratio | goal |\n|---|---|---|---|---|');
for (const cells of rows) console.log(`| ${cells.join(' | ')} |`);
