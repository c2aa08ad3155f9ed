import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdFrom, requestFrom } from '../../support/abrupt.ts';
import { eventually, stats } from '../../support/clients.ts';
import { RSS_MARGIN, rssMiB, rssRatioAfterIdle } from '../../support/process-memory.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket } from '../../support/ws-client.ts';

const CAPS = { streams: 6, longPolls: 6, sockets: 4 };

/** Every way a client might claim to be someone else when no proxy is trusted. */
const SPOOFS: Array<[string, (n: number) => Record<string, string>]> = [
  ['X-Forwarded-For', (n) => ({ 'X-Forwarded-For': `198.51.100.${n}` })],
  ['Forwarded', (n) => ({ Forwarded: `for=198.51.100.${n}` })],
  ['X-Real-IP', (n) => ({ 'X-Real-IP': `198.51.100.${n}` })],
];

describe('abuse: per-address caps hold per real address', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({
      MAX_STREAMS_PER_IP: String(CAPS.streams),
      LONG_POLL_MAX_PER_IP: String(CAPS.longPolls),
      WS_MAX_PER_IP: String(CAPS.sockets),
    });
    base = server.url;
  });
  afterAll(() => server?.stop());

  const nothingHeld = async (): Promise<boolean> => {
    const now = await stats(base);
    return now.sseStreams === 0 && now.longPolls === 0 && now.webSockets === 0;
  };

  it.each(SPOOFS)('counts a client that sends %s as its own address on every transport', async (_header, spoof) => {
    const controller = new AbortController();
    const open = (path: string, n: number) => fetch(`${base}${path}`, { headers: spoof(n), signal: controller.signal });
    const streams = await Promise.all(Array.from({ length: CAPS.streams }, (_, n) => open('/api/sse?topic=ticker', n)));
    expect(streams.map((response) => response.status)).toEqual(Array(CAPS.streams).fill(200));
    expect((await open('/api/sse?topic=ticker', 99)).status).toBe(429);

    const polls = Array.from({ length: CAPS.longPolls }, (_, n) =>
      open('/api/long-poll?topic=notifications&timeout=20', n).catch(() => undefined),
    );
    await eventually(async () => (await stats(base)).longPolls === CAPS.longPolls, 5000, 'every long poll held');
    expect((await open('/api/long-poll?topic=notifications&timeout=20', 99)).status).toBe(429);

    const sockets = await Promise.all(Array.from({ length: CAPS.sockets }, (_, n) => RecordingWebSocket.open(base, { headers: spoof(n) })));
    const refused = await RecordingWebSocket.open(base, { headers: spoof(99) }).catch((error: { status: number }) => error);
    expect(refused).toMatchObject({ status: 429 });

    controller.abort();
    await Promise.all(polls);
    for (const socket of sockets) socket.close();
    await eventually(nothingHeld, 5000, 'everything released');
  });

  it('admits 50 addresses (127.0.0.10–59) each at its full caps, refuses each one more, then releases all', async () => {
    const baseline = rssMiB(server.process.pid!);
    const addresses = Array.from({ length: 50 }, (_, i) => `127.0.0.${10 + i}`);
    const streams: Array<{ close(): void }> = [];
    const sockets: RecordingWebSocket[] = [];
    const polls: Array<{ close(): void }> = [];
    for (const address of addresses) {
      for (let i = 0; i < CAPS.streams; i++) {
        const stream = await requestFrom(address, `${base}/api/sse?topic=ticker`, { keepOpen: true });
        expect(stream.status).toBe(200);
        streams.push(stream);
      }
      for (let i = 0; i < CAPS.longPolls; i++) polls.push(holdFrom(address, `${base}/api/long-poll?topic=notifications&timeout=30`));
      for (let i = 0; i < CAPS.sockets; i++) sockets.push(await RecordingWebSocket.open(base, { localAddress: address }));
    }
    const total = addresses.length;
    await eventually(async () => (await stats(base)).longPolls === total * CAPS.longPolls, 10_000, 'every long poll held');
    const held = await stats(base);
    console.log(`50 addresses at full caps: ${held.sseStreams} streams, ${held.longPolls} long polls, ${held.webSockets} sockets held`);
    expect([held.sseStreams, held.longPolls, held.webSockets]).toEqual([
      total * CAPS.streams,
      total * CAPS.longPolls,
      total * CAPS.sockets,
    ]);
    // Each address is at its cap: one more of anything is refused for it alone.
    for (const address of [addresses[0]!, addresses[49]!]) {
      expect((await requestFrom(address, `${base}/api/sse?topic=ticker`)).status).toBe(429);
      expect((await requestFrom(address, `${base}/api/long-poll?topic=notifications&timeout=1`)).status).toBe(429);
      expect(await RecordingWebSocket.open(base, { localAddress: address }).catch((error: { status: number }) => error.status)).toBe(429);
    }
    for (const stream of streams) stream.close();
    for (const poll of polls) poll.close();
    for (const socket of sockets) socket.close();
    await eventually(nothingHeld, 15_000, 'all 50 addresses released');
    expect(Object.values((await stats(base)).subscribers).every((n) => n === 0)).toBe(true);
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '50 addresses at full caps')).toBeLessThanOrEqual(RSS_MARGIN);
  });
});
