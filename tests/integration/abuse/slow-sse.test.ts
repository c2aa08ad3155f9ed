import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publish, RecordingEventSource, stats } from '../../support/clients.ts';
import { RSS_MARGIN, rssMiB, rssRatioAfterIdle } from '../../support/process-memory.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';

/** The default cap of unsent bytes per stream (SSE_MAX_BUFFERED_BYTES). */
const CAP = 256 * 1024;
/** One event frame is far below this; the outbox may pass the cap by at most the frame that tipped it. */
const LARGEST_FRAME = 2048;

interface OutboxFigures {
  peakBufferedBytes: number;
  droppedMessages: number;
  slowReadersClosed: number;
}

/** An event stream read over a raw socket that stops reading once the stream is live. */
async function stoppedStream(base: string, topic: string): Promise<{ text: () => string; close(): void }> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {});
  socket.write(`GET /api/sse?topic=${topic} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  await eventually(() => text.includes('event: live'), 5000, 'the stream to go live');
  socket.pause();
  return { text: () => text, close: () => socket.destroy() };
}

/** Starts a server for one slow-reader attack, with a helper that reads its SSE outbox figures. */
function attackedServer(env: Record<string, string>) {
  const state = { server: undefined as unknown as RunningServer, base: '', baseline: 0 };
  beforeAll(async () => {
    state.server = await startBuiltServer({ MAX_STREAMS_PER_IP: '100', ...env });
    state.base = state.server.url;
    state.baseline = rssMiB(state.server.process.pid!);
  });
  afterAll(() => state.server?.stop());
  const outbox = async (): Promise<OutboxFigures> => ((await stats(state.base)) as unknown as { sseOutbox: OutboxFigures }).sseOutbox;
  return { state, outbox };
}

// Regression: 20 SSE clients that stopped reading made the server buffer ~170 MB for them (RSS
// 414 MB, 274 MB still held after they left). Each stream's unsent bytes are now bounded.
// Each attack on its own server, so each has its own memory baseline.
describe('abuse: SSE readers that stop reading while the ticker runs fast', () => {
  const { state, outbox } = attackedServer({ TICKER_INTERVAL_MS: '1' });

  it('skips ticker updates for 20 stopped readers past half the cap, buffers no more than the cap, and keeps feeding a reader who reads', async () => {
    const { server, base, baseline } = state;
    const stopped = await Promise.all(Array.from({ length: 20 }, () => stoppedStream(base, 'ticker')));
    const reader = new RecordingEventSource(`${base}/api/sse?topic=ticker`);
    await eventually(async () => (await outbox()).droppedMessages > 100, 60_000, 'ticker updates skipped for the stopped readers');
    const seen = reader.events.length;
    await reader.until((r) => r.events.length > seen + 100, 10_000, 'the reading client still fed');
    const figures = await outbox();
    console.log(
      `20 stopped ticker readers: peak ${figures.peakBufferedBytes} bytes unsent on one stream, ${figures.droppedMessages} updates skipped`,
    );
    expect(figures.peakBufferedBytes).toBeLessThanOrEqual(CAP + LARGEST_FRAME);
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '20 stopped ticker readers, still connected', 0)).toBeLessThanOrEqual(
      RSS_MARGIN,
    );
    reader.close();
    for (const stream of stopped) stream.close();
    await eventually(async () => (await stats(base)).sseStreams === 0, 5000, 'every stream released');
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '20 stopped ticker readers, gone')).toBeLessThanOrEqual(RSS_MARGIN);
  });
});

describe('abuse: SSE readers that stop reading notifications', () => {
  const { state, outbox } = attackedServer({});

  it('ends the streams of 20 stopped readers once they pass the cap, so they resume from their cursor', async () => {
    const { server, base, baseline } = state;
    const stopped = await Promise.all(Array.from({ length: 20 }, () => stoppedStream(base, 'notifications')));
    const text = 'n'.repeat(280);
    let sent = 0;
    while ((await outbox()).slowReadersClosed < 20) {
      if (sent > 40_000) throw new Error('40,000 notifications and the stopped readers were never ended');
      await Promise.all(Array.from({ length: 20 }, () => publish(base, text)));
      sent += 20;
    }
    const figures = await outbox();
    console.log(
      `20 stopped notification readers: all ended after ${sent} notifications; peak ${figures.peakBufferedBytes} bytes unsent on one stream`,
    );
    expect(figures.peakBufferedBytes).toBeLessThanOrEqual(CAP + LARGEST_FRAME);
    await eventually(async () => (await stats(base)).sseStreams === 0, 5000, 'the ended streams released');
    for (const stream of stopped) stream.close();
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '20 stopped notification readers, ended')).toBeLessThanOrEqual(
      RSS_MARGIN,
    );
  });
});
