/**
 * Cluster fan-out benchmark (run `npm run build` first; needs redis-server and nginx on PATH):
 *   BENCH_CLIENTS=600 BENCH_EVENTS=400 BENCH_RATE=20 npm run bench:cluster
 * Twice on a private Redis: N clients (half SSE, half WebSocket) spread evenly over 3 instances,
 * then the same N on one instance (same Redis bus). Each time it publishes M events on instance 1 at
 * a steady rate and measures delivery latency (event timestamp → client receipt; one machine, one
 * clock) and the Redis commands per event (INFO commandstats after CONFIG RESETSTAT). Loopback only.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createClient } from '@redis/client';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import { percentile } from '../src/client/stats.ts';
import type { RealtimeEvent } from '../src/lib/realtime/event.ts';
import { startCluster } from '../src/server/cluster/cluster.ts';
import { publish } from '../tests/support/clients.ts';

const clients = Number(process.env.BENCH_CLIENTS ?? 600);
const events = Number(process.env.BENCH_EVENTS ?? 400);
const rate = Number(process.env.BENCH_RATE ?? 20);
const TOPIC = 'notifications';

/** One layout's figures. */
interface Run {
  layout: string;
  sse: number[];
  ws: number[];
  complete: number;
  commandsPerEvent: number;
  topCommands: string;
}

/** Connects a client of `kind` to `base` and resolves once it is live; every event's latency goes to `into`. */
function connect(kind: 'sse' | 'ws', base: string, into: number[], counts: number[], index: number): Promise<() => void> {
  const record = (event: RealtimeEvent): void => {
    into.push(Date.now() - event.ts);
    counts[index]! += 1;
  };
  if (kind === 'sse') {
    const source = new EventSource(`${base}/api/sse?topic=${TOPIC}`);
    source.onmessage = (message) => record(JSON.parse(message.data) as RealtimeEvent);
    return new Promise((resolve) => source.addEventListener('live', () => resolve(() => source.close()), { once: true }));
  }
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, { origin: base });
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', topic: TOPIC })));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event?: RealtimeEvent };
      if (message.type === 'live') resolve(() => socket.close());
      if (message.type === 'event') record(message.event!);
    });
  });
}

/** Sums `cmdstat_<name>:calls=<n>` lines of INFO commandstats. */
function commandCalls(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

async function runLayout(instances: number): Promise<Run> {
  const perIp = String(clients + 50);
  const cluster = await startCluster({
    instances,
    env: {
      TICKER_INTERVAL_MS: '0',
      PUBLISH_BURST: '100000',
      PUBLISH_PER_MINUTE: '6000000',
      MAX_STREAMS_PER_IP: perIp,
      WS_MAX_PER_IP: perIp,
      MAX_SSE_STREAMS: perIp,
      MAX_WEBSOCKETS: perIp,
    },
  });
  const redis = createClient({ url: cluster.redisUrl });
  await redis.connect();
  try {
    const sse: number[] = [];
    const ws: number[] = [];
    const counts = new Array<number>(clients).fill(0);
    const closers: Array<() => void> = [];
    // Connect in batches so the handshakes do not all land at once.
    for (let start = 0; start < clients; start += 50) {
      const batch = Array.from({ length: Math.min(50, clients - start) }, (_, offset) => {
        const index = start + offset;
        const base = cluster.instances[index % instances]!.url;
        return index % 2 === 0 ? connect('sse', base, sse, counts, index) : connect('ws', base, ws, counts, index);
      });
      closers.push(...(await Promise.all(batch)));
    }
    const publisher = cluster.instances[0]!.url;
    await redis.sendCommand(['CONFIG', 'RESETSTAT']);
    const started = Date.now();
    for (let i = 0; i < events; i++) {
      await publish(publisher, `bench ${i}`);
      const due = started + ((i + 1) * 1000) / rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    const deadline = Date.now() + 10_000;
    while (counts.some((count) => count < events) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const calls = commandCalls(String(await redis.sendCommand(['INFO', 'commandstats'])));
    calls.delete('info');
    calls.delete('config|resetstat');
    const total = [...calls.values()].reduce((sum, value) => sum + value, 0);
    const topCommands = [...calls.entries()]
      .sort((a, b) => b[1] - a[1])
      .filter(([, count]) => count / events >= 0.05)
      .map(([name, count]) => `${name} ${(count / events).toFixed(2)}`)
      .join(', ');
    for (const close of closers) close();
    return {
      layout: instances === 1 ? '1 instance' : `${instances} instances`,
      sse,
      ws,
      complete: counts.filter((count) => count === events).length,
      commandsPerEvent: total / events,
      topCommands,
    };
  } finally {
    await redis.quit().catch(() => undefined);
    await cluster.stop();
  }
}

const benchStarted = Date.now();
const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const runs = [await runLayout(3), await runLayout(1)];
const ms = (values: number[], p: number): string => `${(percentile(values, p) ?? NaN).toFixed(1)} ms`;
console.log(
  `\n${availableParallelism()} cores, loopback, load average before ${load}; ${clients} clients (${clients / 2} SSE + ${clients / 2} WebSocket), ` +
    `${events} events at ${rate}/s published on instance 1; Redis commands counted from the first publish until every client had every event (instance reports and rate limits included)\n`,
);
console.log('| layout | SSE p50 | SSE p99 | WS p50 | WS p99 | clients with every event | Redis commands per event (those ≥ 0.05) |');
console.log('|---|---|---|---|---|---|---|');
for (const run of runs) {
  console.log(
    `| ${run.layout} | ${ms(run.sse, 0.5)} | ${ms(run.sse, 0.99)} | ${ms(run.ws, 0.5)} | ${ms(run.ws, 0.99)} | ${run.complete}/${clients} | ${run.commandsPerEvent.toFixed(2)} (${run.topCommands}) |`,
  );
}
console.log(`\nfinished in ${((Date.now() - benchStarted) / 1000).toFixed(0)} s`);
