import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { eventually, publish, stats } from '../support/clients.ts';
import { headCursor } from '../support/polling-clients.ts';
import type { RunningServer } from '../support/server.ts';
import { released, type TransportDriver, type TransportSubscriber } from '../support/transport-drivers.ts';
import { RecordingWebSocket } from '../support/ws-client.ts';

/** Per-address caps and outbox sizes the suite's server runs with. */
export const CONFORMANCE_CAP = 4;
/** Unsent bytes a stream or socket may have in the suite (small, so a slow reader trips it soon). */
export const CONFORMANCE_OUTBOX_BYTES = 16 * 1024;

/** The server settings the suite needs (pass them to the server it starts). */
export const CONFORMANCE_ENV: Record<string, string> = {
  LONG_POLL_MAX_PER_IP: String(CONFORMANCE_CAP),
  MAX_STREAMS_PER_IP: String(CONFORMANCE_CAP),
  WS_MAX_PER_IP: String(CONFORMANCE_CAP),
  SSE_MAX_BUFFERED_BYTES: String(CONFORMANCE_OUTBOX_BYTES),
  WS_MAX_BUFFERED_BYTES: String(CONFORMANCE_OUTBOX_BYTES),
  SSE_RETRY_MS: '100',
};

// 280 three-byte characters: fat events fill a stopped reader's kernel buffers quickly.
const FAT_TEXT = '€'.repeat(280);
const TOPIC = 'notifications';

/** Publishes `count` notifications one after another, each awaited, and returns them in order. */
async function publishMany(base: string, count: number, label: string, gapMs = 0): Promise<RealtimeEvent[]> {
  const sent: RealtimeEvent[] = [];
  for (let i = 0; i < count; i++) {
    sent.push(await publish(base, `${label} ${i}`));
    if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return sent;
}

/** What differs between the server flavours the suite runs on. */
export interface TransportSuiteOptions {
  /** Open/abort cycles in the release check. */
  cycles: number;
  /**
   * Whether a stopped reader's HTTP stream shows up as unsent bytes the server can see. True for
   * the built server, which writes straight to the socket. False for `astro dev`: its response
   * writer reads the stream as fast as it can and queues everything in Node's response buffer,
   * ignoring backpressure, so no outbox can see a slow reader there (WebSockets, attached
   * directly, are bounded in dev too).
   */
  streamBackpressure: boolean;
}

/**
 * The checks every transport must pass, on a server started by `start` (with CONFORMANCE_ENV):
 * ordered delivery, resume from a cursor while events keep coming, an explicit reset for an
 * unusable cursor, release after many open/abort cycles, the per-address cap, and a slow reader
 * bounded by the shared outbox policy. Where a transport differs, its driver says so.
 */
export function describeTransport(
  flavour: string,
  driver: TransportDriver,
  start: () => Promise<RunningServer>,
  options: TransportSuiteOptions,
): void {
  describe(`${driver.name} on the ${flavour}`, () => {
    let server: RunningServer;
    let base = '';
    const open: TransportSubscriber[] = [];
    const subscribe = (since: string): TransportSubscriber => {
      const subscriber = driver.subscribe(base, TOPIC, since);
      open.push(subscriber);
      return subscriber;
    };
    beforeAll(async () => {
      server = await start();
      base = server.url;
    });
    afterAll(async () => {
      await server?.stop();
    });
    afterEach(async () => {
      for (const subscriber of open.splice(0)) subscriber.close();
      await released(base, driver, TOPIC, `${driver.name} clients released after the test`);
    });

    it('delivers 1,000 events in order, each exactly once', async () => {
      const client = subscribe(await headCursor(base, TOPIC));
      await client.ready;
      const sent = await publishMany(base, 1000, 'ordered');
      await client.until(() => client.events.length >= sent.length, 'every event', 30_000);
      expect(client.events.map((event) => event.id)).toEqual(sent.map((event) => event.id));
      expect(client.events).toEqual(sent);
      expect(client.resets).toEqual([]);
    });

    it('resumes from its cursor while events keep coming: nothing lost, nothing twice', async () => {
      const first = subscribe(await headCursor(base, TOPIC));
      await first.ready;
      const publishing = publishMany(base, 300, 'resume', 3);
      await first.until(() => first.events.length >= 20, 'the first 20 events');
      first.close();
      const cursor = first.events.at(-1)!.id;
      const seenBefore = first.events.length;
      const second = subscribe(cursor);
      const sent = await publishing;
      await second.until(() => seenBefore + second.events.length >= sent.length, 'the rest after the resume', 30_000);
      const received = [...first.events.slice(0, seenBefore), ...second.events];
      expect(received.map((event) => event.id)).toEqual(sent.map((event) => event.id));
      expect(second.resets).toEqual([]);
    });

    it('answers a cursor from another run with an explicit reset carrying the head', async () => {
      const head = (await publish(base, 'before the unusable cursor')).id;
      const client = subscribe('zzz-5');
      await client.until(() => client.resets.length === 1, 'the reset');
      expect(client.resets[0]).toEqual({ topic: TOPIC, reason: 'unknown', cursor: head });
      const next = await publish(base, 'after the reset');
      await client.until(() => client.events.length === 1, 'the next event');
      expect(client.events).toEqual([next]);
    });

    it(`releases everything after ${options.cycles} open/abort cycles`, async () => {
      const since = await headCursor(base, TOPIC);
      for (let i = 0; i < options.cycles; i++) {
        const client = driver.subscribe(base, TOPIC, since);
        // Every other cycle leaves once the client is receiving, the rest at once.
        if (i % 2 === 0) await client.ready;
        client.close();
      }
      await released(base, driver, TOPIC, `every one of ${options.cycles} clients released`);
      // And the server still serves this transport.
      const client = subscribe(since);
      await client.ready;
      const event = await publish(base, 'after the cycles');
      await client.until(() => client.events.some((seen) => seen.id === event.id), 'an event after the cycles');
    });

    it.skipIf(!driver.perIpCap)(
      `refuses one more than the per-address cap (${driver.perIpCap}) and frees the slot when a client leaves`,
      async () => {
        const since = await headCursor(base, TOPIC);
        const clients = Array.from({ length: CONFORMANCE_CAP }, () => subscribe(since));
        await Promise.all(clients.map((client) => client.ready));
        await eventually(async () => driver.held((await stats(base)) as never) === CONFORMANCE_CAP, 5000, 'the cap reached');
        expect(await driver.refusedStatus!(base)).toBe(429);
        clients[0]!.close();
        await eventually(async () => driver.held((await stats(base)) as never) === CONFORMANCE_CAP - 1, 5000, 'one slot free');
        const again = subscribe(since);
        await again.ready;
        await eventually(async () => driver.held((await stats(base)) as never) === CONFORMANCE_CAP, 5000, 'the slot taken again');
      },
    );

    it.skipIf(!driver.push || (driver.name === 'sse' && !options.streamBackpressure))(
      'ends a reader that stops reading once its unsent bytes pass the cap, never holding more',
      async () => {
        const outboxKey = driver.name === 'sse' ? 'sseOutbox' : 'webSocketOutbox';
        const outbox = async () =>
          ((await stats(base)) as unknown as Record<string, { slowReadersClosed: number; peakBufferedBytes: number }>)[outboxKey]!;
        const closedBefore = (await outbox()).slowReadersClosed;
        const reader = await stoppedReader(base, driver.name);
        let sent = 0;
        while ((await outbox()).slowReadersClosed === closedBefore) {
          if (sent > 40_000) throw new Error('40 000 events and the stopped reader was never ended');
          await Promise.all(Array.from({ length: 20 }, () => publish(base, FAT_TEXT)));
          sent += 20;
        }
        const after = await outbox();
        expect(after.slowReadersClosed).toBe(closedBefore + 1);
        // Never more than the cap waiting for the reader (each event is under 1.2 kB).
        expect(after.peakBufferedBytes).toBeLessThanOrEqual(CONFORMANCE_OUTBOX_BYTES);
        const ending = await reader.resume();
        expect(ending).toBe(driver.name === 'sse' ? 'stream ended' : 'closed 1013');
      },
    );
  });
}

/** A reader on `notifications` whose TCP connection stops reading; resume() reads again and says how it ended. */
async function stoppedReader(base: string, transport: string): Promise<{ resume(): Promise<string> }> {
  if (transport === 'websocket') {
    const client = await RecordingWebSocket.open(base);
    await client.subscribe(TOPIC);
    client.tcp.pause();
    return {
      resume: async () => {
        client.tcp.resume();
        const closed = await client.closedWith(40_000);
        return `closed ${closed.code}`;
      },
    };
  }
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.write(`GET /api/sse?topic=${TOPIC} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  await eventually(() => text.includes('event: live'), 5000, 'the stream to go live');
  socket.pause();
  return {
    resume: async () => {
      const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
      socket.resume();
      // The chunked body's last chunk: the server ended the stream on purpose (the client resumes from its cursor).
      await Promise.race([ended, eventually(() => text.endsWith('0\r\n\r\n'), 40_000, 'the end of the stream')]);
      socket.destroy();
      return text.endsWith('0\r\n\r\n') ? 'stream ended' : 'connection closed';
    },
  };
}
