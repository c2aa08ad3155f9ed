// Deliberately not on the client layer (src/client/transport): this drives thousands of clients at
// once, so it keeps raw sockets and autocannon, which cost far less per client than fetch loops.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { percentile } from '../../src/client/stats.ts';
import { openEventStream, RawHttpConnection } from './raw-http.ts';

/** Resident memory of a process, in bytes. */
export const rssBytes = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TS = /"ts":(\d+)/g;

/** CPU time a process has used so far (user + system), in ms; Linux counts it in 1/100 s ticks. */
export function cpuMillis(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** What a request-rate run measured. */
export interface Rate {
  rps: number;
  p99: number;
  errors: number;
  /**
   * Server CPU time per answered request, in µs: what the server itself spends, which other
   * processes on a shared machine disturb far less than they disturb requests per second.
   */
  cpuPerRequest: number;
}

/** Requests per second one URL answers to `connections` keep-alive clients for `seconds`, and the server's CPU per request. */
export async function requestRate(
  url: string,
  pid: number,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<Rate> {
  const cpuBefore = cpuMillis(pid);
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const cpuPerRequest = ((cpuMillis(pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, cpuPerRequest };
}

/** What a delivery window measured. */
export interface Delivery {
  /** Events with a timestamp inside the window, times clients: what should have arrived. */
  expected: number;
  delivered: number;
  p99: number;
  /** Server memory added per open connection, in bytes (push transports). */
  perConnection?: number;
}

/** Collects (client, event timestamp) deliveries and judges a window of them. */
class DeliveryLog {
  readonly #latencies: number[] = [];
  readonly #stamps = new Set<number>();
  #delivered = 0;
  #from = Infinity;
  #to = Infinity;

  start(windowMs: number): void {
    this.#from = Date.now();
    this.#to = this.#from + windowMs;
  }

  /** Records every event timestamp found in `text`, received now. */
  record(text: string): void {
    const now = Date.now();
    for (const match of text.matchAll(TS)) {
      const ts = Number(match[1]);
      if (ts < this.#from || ts >= this.#to) continue;
      this.#stamps.add(ts);
      this.#delivered += 1;
      this.#latencies.push(now - ts);
    }
  }

  result(clients: number): Delivery {
    return { expected: this.#stamps.size * clients, delivered: this.#delivered, p99: percentile(this.#latencies, 0.99) ?? NaN };
  }
}

/** Opens `count` connections, `batch` at a time, so the listen backlog never overflows. */
async function ramp(count: number, open: (index: number) => Promise<void>, batch = 250): Promise<void> {
  for (let first = 0; first < count; first += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - first) }, (_, offset) => open(first + offset)));
  }
}

/** Long-poll clients that ask again the moment an answer arrives; measures a window of deliveries. */
export async function longPollLoad(
  port: number,
  clients: number,
  windowMs: number,
  path: (cursor: string | undefined) => string,
  firstCursor: string | undefined,
): Promise<Delivery> {
  const log = new DeliveryLog();
  const connections: RawHttpConnection[] = [];
  let running = true;
  await ramp(clients, async () => {
    const connection = new RawHttpConnection(port);
    connections.push(connection);
    await connection.connected;
    void (async () => {
      let cursor = firstCursor;
      while (running) {
        const answer = await connection.get(path(cursor)).catch(() => undefined);
        if (!answer || !running) return;
        if (answer.status === 200) {
          log.record(answer.body);
          cursor = String((JSON.parse(answer.body) as { cursor: string | number }).cursor);
        } else if (answer.status !== 204) {
          console.error(`a long poll answered ${answer.status}: ${answer.body.slice(0, 200)}; that client stops`);
          return;
        }
      }
    })();
  });
  await sleep(1500);
  log.start(windowMs);
  await sleep(windowMs + 3000);
  running = false;
  const result = log.result(clients);
  for (const connection of connections) connection.close();
  return result;
}

/** Event-stream readers; measures memory per stream, then a window of deliveries. */
export async function sseLoad(port: number, pid: number, clients: number, windowMs: number, path: string): Promise<Delivery> {
  const log = new DeliveryLog();
  await sleep(1000);
  const before = rssBytes(pid);
  const sockets: Array<{ destroy(): void }> = [];
  await ramp(clients, async () => {
    const { socket, ready } = openEventStream(port, path, (frame) => log.record(frame));
    sockets.push(socket);
    await ready;
  });
  await sleep(3000);
  const perConnection = (rssBytes(pid) - before) / clients;
  log.start(windowMs);
  await sleep(windowMs + 3000);
  const result = { ...log.result(clients), perConnection };
  for (const socket of sockets) socket.destroy();
  return result;
}

/** WebSocket readers (`subscribe` is sent on open, when given); memory per socket, then a window of deliveries. */
export async function webSocketLoad(
  port: number,
  pid: number,
  clients: number,
  windowMs: number,
  path: string,
  subscribe?: string,
): Promise<Delivery> {
  const log = new DeliveryLog();
  await sleep(1000);
  const before = rssBytes(pid);
  const sockets: WebSocket[] = [];
  await ramp(clients, async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false });
    sockets.push(socket);
    socket.on('error', () => {});
    socket.on('message', (data) => log.record(data.toString()));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        if (subscribe) socket.send(subscribe);
        resolve();
      });
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade answered ${response.statusCode}`)));
    });
  });
  await sleep(3000);
  const perConnection = (rssBytes(pid) - before) / clients;
  log.start(windowMs);
  await sleep(windowMs + 3000);
  const result = { ...log.result(clients), perConnection };
  for (const socket of sockets) socket.terminate();
  return result;
}
