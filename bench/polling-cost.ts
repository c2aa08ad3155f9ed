/**
 * What short and long polling cost on a running server, side by side: requests, empty replies,
 * events, latency (server timestamp to arrival; same machine, so no clock offset) and the bytes the
 * server measured on its sockets per delivered event.
 *   node bench/polling-cost.ts [base URL, default http://127.0.0.1:4321] [seconds, default 20] [topic, default ticker]
 * With the topic "notifications" a publisher posts one notification every 5 s on average, at
 * random moments, so most polls find nothing. Node's fetch sends smaller headers than a browser.
 */
import { randomUUID } from 'node:crypto';
import { LongPollClient } from '../src/client/transport/long-poll.ts';
import type { PollClient, PollClientOptions } from '../src/client/transport/poll-loop.ts';
import { ShortPollClient } from '../src/client/transport/short-poll.ts';

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

/**
 * What every lane's client is given: its session (so the server counts its bytes), and counters fed
 * from each request's end and each event. The head request that takes the first cursor is not counted.
 */
function laneOptions(lane: Lane): PollClientOptions {
  return {
    origin: base,
    topic,
    params: () => ({ session: lane.session }),
    onRequest:
      ({ cursor }) =>
      ({ outcome }) => {
        if (cursor === undefined || outcome === 'error' || outcome === 'aborted') return;
        lane.requests += 1;
        if (outcome !== 'data') lane.empty += 1;
      },
    onEvent: (event) => {
      lane.events += 1;
      lane.latencies.push(Date.now() - event.ts);
    },
  };
}

/** Runs `client` until `until`, then stops it. */
async function runUntil(client: PollClient, until: number): Promise<void> {
  client.start();
  await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
  client.stop();
}

const shortPoll = (lane: Lane, intervalMs: number, until: number): Promise<void> =>
  runUntil(new ShortPollClient({ ...laneOptions(lane), intervalMs }), until);

// Each hold is at most what is left of the run (at least 1 s); one still held at the end is aborted and not counted.
const longPoll = (lane: Lane, until: number): Promise<void> =>
  runUntil(
    new LongPollClient({ ...laneOptions(lane), timeoutS: () => Math.max(1, Math.min(25, Math.floor((until - Date.now()) / 1000))) }),
    until,
  );

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
