/**
 * SSE fan-out benchmark against the built server (run `npm run build` first):
 *   npm run bench:sse -- [clients=200] [events=200] [ratePerSecond=50]
 * Opens N EventSource clients on one topic, publishes M events through the API at a steady rate,
 * and prints delivery latency (publish timestamp → client receipt; same machine, same clock),
 * completeness, and the server's resident memory before, during and after.
 */
import { readFileSync } from 'node:fs';
import { EventSource } from 'eventsource';
import { percentile } from '../src/client/stats.ts';
import type { RealtimeEvent } from '../src/lib/realtime/event.ts';
import { publish, stats } from '../tests/support/clients.ts';
import { startBuiltServer } from '../tests/support/server.ts';

const [clients = 200, events = 200, rate = 50] = process.argv.slice(2).map(Number);
const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const server = await startBuiltServer({ MAX_STREAMS_PER_IP: String(clients + 10) });
const pid = server.process.pid!;
const base = server.url;
console.log(`server ${base}, pid ${pid}; ${clients} clients, ${events} events at ${rate}/s`);
const rssIdle = rssMiB(pid);

const latencies: number[] = [];
const received = new Array<number>(clients).fill(0);
const sources: EventSource[] = [];
await Promise.all(
  Array.from({ length: clients }, (_, index) => {
    const source = new EventSource(`${base}/api/sse?topic=notifications`);
    sources.push(source);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as RealtimeEvent;
      latencies.push(Date.now() - event.ts);
      received[index]! += 1;
    };
    return new Promise<void>((resolve) => source.addEventListener('live', () => resolve(), { once: true }));
  }),
);
const rssConnected = rssMiB(pid);

const started = Date.now();
for (let i = 0; i < events; i++) {
  await publish(base, `bench ${i}`);
  const due = started + ((i + 1) * 1000) / rate;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
}
const deadline = Date.now() + 10_000;
while (received.some((count) => count < events) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
const rssLoaded = rssMiB(pid);

for (const source of sources) source.close();
const settle = Date.now() + 5000;
while ((await stats(base)).sseStreams > 0 && Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 50));
const after = await stats(base);
const complete = received.filter((count) => count === events).length;

const ms = (value: number | undefined) => `${value?.toFixed(1)} ms`;
console.log(`delivered ${latencies.length} of ${clients * events}; clients with every event: ${complete}/${clients}`);
console.log(
  `latency p50 ${ms(percentile(latencies, 0.5))}  p95 ${ms(percentile(latencies, 0.95))}  p99 ${ms(percentile(latencies, 0.99))}  max ${ms(Math.max(...latencies))}`,
);
console.log(
  `server RSS: idle ${rssIdle.toFixed(1)} MiB, ${clients} streams open ${rssConnected.toFixed(1)} MiB, after publishing ${rssLoaded.toFixed(1)} MiB`,
);
console.log(`after all clients left: ${after.sseStreams} streams, subscribers ${JSON.stringify(after.subscribers)}`);
await server.stop();
