import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seqOf } from '../../../src/lib/realtime/cursor.ts';
import type { RealtimeEvent } from '../../../src/lib/realtime/event.ts';
import { eventually, publish, stats } from '../../support/clients.ts';
import { headCursor } from '../../support/polling-clients.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { TRANSPORT_DRIVERS, type TransportDriver } from '../../support/transport-drivers.ts';

const CLIENTS = Number(process.env.ABUSE_CHURN_CLIENTS ?? 200);
const SECONDS = Number(process.env.ABUSE_CHURN_SECONDS ?? 30);
const EVENTS_PER_SECOND = 20;
// Short polling is left out: 200 clients polling every 10 ms is a load test of its own, not churn.
const CHURNED = TRANSPORT_DRIVERS.filter((driver) => driver.name !== 'short-poll');

/** What one client saw over all its connections, and how many it made. */
interface ChurnResult {
  events: RealtimeEvent[];
  resets: number;
  connections: number;
}

/**
 * A client that leaves at a random moment every 0.5–3 s and comes back with the cursor of the last
 * event it kept, until `stop` resolves; then it reads until it has `total()` events. Events a
 * connection records after the client left it are not kept: the next connection replays them.
 */
async function churningClient(
  base: string,
  driver: TransportDriver,
  since: string,
  stop: Promise<void>,
  total: () => number,
): Promise<ChurnResult> {
  const result: ChurnResult = { events: [], resets: 0, connections: 0 };
  let stopped = false;
  void stop.then(() => (stopped = true));
  const connectOnce = (): ReturnType<TransportDriver['subscribe']> => {
    result.connections += 1;
    return driver.subscribe(base, 'notifications', result.events.at(-1)?.id ?? since);
  };
  while (!stopped) {
    const subscriber = connectOnce();
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 2500)), stop]);
    subscriber.close();
    result.events.push(...subscriber.events.slice());
    result.resets += subscriber.resets.length;
  }
  const last = connectOnce();
  const kept = result.events.length;
  await last.until(() => kept + last.events.length >= total(), `all ${total()} events over ${driver.name}`, 30_000);
  last.close();
  result.events.push(...last.events.slice());
  result.resets += last.resets.length;
  return result;
}

// One transport at a time, each on a fresh server: 600 churning clients at once would measure the
// test machine's two cores, not the server, and a failed run must not publish into the next.
describe.each(CHURNED.map((driver) => [driver.name, driver] as const))('abuse: resume under churn over %s', (_name, driver) => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({ MAX_STREAMS_PER_IP: '1000', LONG_POLL_MAX_PER_IP: '1000', WS_MAX_PER_IP: '1000' });
    base = server.url;
  });
  afterAll(() => server?.stop());

  it(
    `delivers every event exactly once, in order, to ${CLIENTS} clients reconnecting every 0.5–3 s for ${SECONDS} s`,
    async () => {
      const since = await headCursor(base, 'notifications');
      const publishing: Array<Promise<RealtimeEvent>> = [];
      let endChurn!: () => void;
      const stop = new Promise<void>((resolve) => (endChurn = resolve));
      const run = Promise.all(Array.from({ length: CLIENTS }, () => churningClient(base, driver, since, stop, () => publishing.length)));
      // 20 publishes a second on a fixed schedule for SECONDS of wall time; the server numbers them as they arrive.
      const start = Date.now();
      for (let n = 0; Date.now() < start + SECONDS * 1000; n++) {
        const due = start + (n * 1000) / EVENTS_PER_SECOND;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        publishing.push(publish(base, `churn ${n}`));
      }
      const published = await Promise.all(publishing);
      endChurn();
      const clients = await run;
      const expected = published.map((event) => event.id).sort((a, b) => seqOf(a) - seqOf(b));
      const connections = clients.reduce((sum, client) => sum + client.connections, 0);
      const wrong = clients.filter((client) => client.events.map((event) => event.id).join() !== expected.join());
      console.log(
        `churn ${driver.name}: ${CLIENTS} clients, ${connections} connections, ${expected.length} events in ${SECONDS} s; ` +
          `${wrong.length} clients with a missing, duplicated or out-of-order event`,
      );
      if (wrong[0]) console.log(`first wrong client got: ${wrong[0].events.map((event) => seqOf(event.id)).join(',')}`);
      expect(clients.reduce((sum, client) => sum + client.resets, 0)).toBe(0);
      expect(wrong.length).toBe(0);
      await eventually(
        async () => {
          const now = await stats(base);
          return now.sseStreams === 0 && now.longPolls === 0 && now.webSockets === 0 && (now.subscribers.notifications ?? 0) === 0;
        },
        15_000,
        'every churned connection released',
      );
    },
    (SECONDS + 90) * 1000,
  );
});
