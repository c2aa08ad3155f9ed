import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, stats } from '../../support/clients.ts';
import { RSS_MARGIN, rssMiB, rssRatioAfterIdle } from '../../support/process-memory.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket } from '../../support/ws-client.ts';

const CYCLES = Number(process.env.ABUSE_CYCLES ?? 1000);
const CONCURRENCY = 20;

/** Runs `cycle` `CYCLES` times, `CONCURRENCY` at once. */
async function repeat(cycle: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < CYCLES) await cycle(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** One client that opens a connection, waits until it is served, and leaves without a word. */
const CYCLE_OF: Record<string, (base: string) => Promise<void>> = {
  'short poll': async (base) => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/poll?topic=ticker`, { signal: controller.signal });
    expect(response.status).toBe(200);
    controller.abort();
  },
  'long poll': async (base) => {
    const controller = new AbortController();
    const held = fetch(`${base}/api/long-poll?topic=notifications&timeout=30`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await held;
  },
  SSE: async (base) => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/sse?topic=ticker`, { signal: controller.signal });
    expect(response.status).toBe(200);
    await response.body!.getReader().read();
    controller.abort();
  },
  WebSocket: async (base) => {
    const client = await RecordingWebSocket.open(base);
    await client.subscribe('ticker');
    client.socket.terminate();
  },
};

// Each transport on a fresh server, so each baseline is its own and one transport's garbage is not charged to the next.
describe.each(Object.keys(CYCLE_OF))('abuse: open and abort cycles of %s', (transport) => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    // The ticker runs so streams and sockets have something to write; caps above the concurrency, since release is what is measured.
    server = await startBuiltServer({
      TICKER_INTERVAL_MS: '100',
      MAX_STREAMS_PER_IP: '200',
      LONG_POLL_MAX_PER_IP: '200',
      WS_MAX_PER_IP: '200',
    });
    base = server.url;
  });
  afterAll(() => server?.stop());

  it(`releases everything after ${CYCLES} cycles, memory within the margin`, async () => {
    // A few cycles first, so the baseline includes what serving this transport at all loads.
    for (let i = 0; i < CONCURRENCY; i++) await CYCLE_OF[transport]!(base);
    const baseline = rssMiB(server.process.pid!);
    const started = Date.now();
    await repeat(() => CYCLE_OF[transport]!(base));
    const elapsed = Date.now() - started;
    await eventually(
      async () => {
        const now = await stats(base);
        return now.sseStreams === 0 && now.longPolls === 0 && now.webSockets === 0 && Object.values(now.subscribers).every((n) => n === 0);
      },
      10_000,
      'every connection released',
    );
    console.log(`${CYCLES} ${transport} cycles in ${elapsed} ms`);
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, `${CYCLES} ${transport} open/abort cycles`)).toBeLessThanOrEqual(
      RSS_MARGIN,
    );
  });
});
