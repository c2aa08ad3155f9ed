/**
 * What short and long polling cost on a running server, side by side: requests, empty replies,
 * events, latency (server timestamp to arrival; same machine, so no clock offset) and the bytes the
 * server measured on its sockets per delivered event.
 *   node bench/polling-cost.ts [base URL, default http://127.0.0.1:4321] [seconds, default 20] [topic, default ticker]
 * With the topic "notifications" a publisher posts one notification every 5 s on average, at
 * random moments, so most polls find nothing. Node's fetch sends smaller headers than a browser.
 */
import { randomUUID } from 'node:crypto';

const [base = 'http://127.0.0.1:4321', secondsText = '20', topic = 'ticker'] = process.argv.slice(2);
const durationMs = Number(secondsText) * 1000;

interface Lane {
  name: string;
  session: string;
  requests: number;
  empty: number;
  events: number;
  latencies: number[];
}

const percentile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;
};

async function headCursor(session: string): Promise<string> {
  return ((await (await fetch(`${base}/api/poll?topic=${topic}&session=${session}`)).json()) as { cursor: string }).cursor;
}

function receive(lane: Lane, body: { events: Array<{ ts: number }> } | undefined): void {
  lane.requests += 1;
  if (!body || body.events.length === 0) lane.empty += 1;
  for (const event of body?.events ?? []) {
    lane.events += 1;
    lane.latencies.push(Date.now() - event.ts);
  }
}

async function shortPoll(lane: Lane, intervalMs: number, until: number): Promise<void> {
  let cursor = await headCursor(lane.session);
  while (Date.now() < until) {
    const started = Date.now();
    const body = (await (await fetch(`${base}/api/poll?topic=${topic}&since=${cursor}&session=${lane.session}`)).json()) as {
      events: Array<{ ts: number }>;
      cursor: string;
    };
    cursor = body.cursor;
    receive(lane, body);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + intervalMs - Date.now())));
  }
}

async function longPoll(lane: Lane, until: number): Promise<void> {
  let cursor = await headCursor(lane.session);
  while (Date.now() < until) {
    const timeout = Math.max(1, Math.min(25, Math.floor((until - Date.now()) / 1000)));
    const response = await fetch(`${base}/api/long-poll?topic=${topic}&since=${cursor}&timeout=${timeout}&session=${lane.session}`);
    if (response.status === 204) {
      receive(lane, undefined);
      continue;
    }
    const body = (await response.json()) as { events: Array<{ ts: number }>; cursor: string };
    cursor = body.cursor;
    receive(lane, body);
  }
}

async function publishAtRandom(until: number): Promise<void> {
  while (Date.now() < until) {
    // Exponential gaps: a Poisson process with one event per 5 s on average.
    await new Promise((resolve) => setTimeout(resolve, -Math.log(1 - Math.random()) * 5000));
    if (Date.now() >= until) return;
    await fetch(`${base}/api/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ topic: 'notifications', text: 'bench' }),
    });
  }
}

const lane = (name: string): Lane => ({ name, session: randomUUID(), requests: 0, empty: 0, events: 0, latencies: [] });
const intervals = [500, 1000, 2000, 5000];
const lanes = [...intervals.map((ms) => lane(`short poll ${ms / 1000} s`)), lane('long poll')];
const until = Date.now() + durationMs;
console.log(`${base}, topic ${topic}, ${durationMs / 1000} s${topic === 'notifications' ? ', one notification per ~5 s' : ''}\n`);
await Promise.all([
  ...intervals.map((ms, i) => shortPoll(lanes[i]!, ms, until)),
  longPoll(lanes.at(-1)!, until),
  topic === 'notifications' ? publishAtRandom(until) : Promise.resolve(),
]);
// The meter records an exchange when its response has been written; give the last ones a moment.
await new Promise((resolve) => setTimeout(resolve, 200));

console.log('lane               requests  empty  events  p50 ms  p95 ms  bytes up  bytes down  bytes/event');
for (const { name, session, requests, empty, events, latencies } of lanes) {
  const usage = (await (await fetch(`${base}/api/usage?session=${session}`)).json()) as { received: number; sent: number };
  const perEvent = events ? Math.round((usage.received + usage.sent) / events) : NaN;
  console.log(
    `${name.padEnd(18)} ${String(requests).padStart(8)}  ${`${Math.round((empty / requests) * 100)}%`.padStart(5)}  ${String(events).padStart(6)}` +
      `  ${String(percentile(latencies, 0.5)).padStart(6)}  ${String(percentile(latencies, 0.95)).padStart(6)}` +
      `  ${String(usage.received).padStart(8)}  ${String(usage.sent).padStart(10)}  ${String(perEvent).padStart(11)}`,
  );
}
