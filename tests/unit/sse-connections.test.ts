import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseConnection, SseConnections, WIRE_BACKLOG_CHARS, WIRE_OPENING_MS } from '../../src/lib/realtime/transports/sse/connections.ts';
import { newOutboxStats } from '../../src/lib/realtime/transports/outbox.ts';

/** A sink that records what was written, with a settable count of unsent bytes. */
function fakeSink() {
  return {
    written: [] as string[],
    bufferedBytes: 0,
    ended: 0,
    write(text: string) {
      this.written.push(text);
    },
    end() {
      this.ended += 1;
    },
  };
}
const limits = () => ({ maxBufferedBytes: 8192, outbox: newOutboxStats() });

describe('SSE connection', () => {
  afterEach(() => vi.useRealTimers());

  it('gives a tap the opening text, then every write, with the running byte count', () => {
    const connection = new SseConnection('c1', 'ticker', fakeSink(), limits());
    connection.write('retry: 1\n\n');
    connection.write('data: é\n\n');
    const seen: Array<[string, number]> = [];
    connection.tap({ onText: (text, bytes) => seen.push([text, bytes]), onEnd: () => seen.push(['END', -1]) });
    connection.write('data: x\n\n');
    connection.closed();
    expect(seen).toEqual([
      ['retry: 1\n\ndata: é\n\n', 20],
      ['data: x\n\n', 29],
      ['END', -1],
    ]);
  });

  it('keeps no copy of its text once a tap took the opening, nor after the opening window', () => {
    vi.useFakeTimers();
    const tapped = new SseConnection('c1', 'ticker', fakeSink(), limits());
    tapped.write('retry: 1\n\n');
    const detach = tapped.tap({ onText: () => {}, onEnd: () => {} });
    detach();
    tapped.write('data: later\n\n');
    let second = 'unset';
    tapped.tap({ onText: (text) => (second = text), onEnd: () => {} });
    expect(second).toBe('');

    const old = new SseConnection('c2', 'ticker', fakeSink(), limits());
    old.write('retry: 1\n\n');
    vi.advanceTimersByTime(WIRE_OPENING_MS);
    old.write('data: x\n\n');
    let late = 'unset';
    old.tap({ onText: (text) => (late = text), onEnd: () => {} });
    expect(late).toBe('');
  });

  it('keeps at most WIRE_BACKLOG_CHARS characters of opening text', () => {
    const connection = new SseConnection('c1', 'ticker', fakeSink(), limits());
    const chunk = 'x'.repeat(1000);
    for (let i = 0; i < 40; i++) connection.write(chunk);
    let backlog = 'unset';
    connection.tap({ onText: (text) => (backlog = text), onEnd: () => {} });
    expect(backlog).toBe('');
    expect(WIRE_BACKLOG_CHARS).toBeLessThan(40_000);
    expect(connection.bytesSent).toBe(40_000);
  });

  it('skips droppable text past half the cap and ends the stream when reliable text does not fit', () => {
    const sink = fakeSink();
    const stats = newOutboxStats();
    let closed = 0;
    const connection = new SseConnection('c1', 'ticker', sink, { maxBufferedBytes: 8192, outbox: stats }, () => (closed += 1));
    sink.bufferedBytes = 4096;
    connection.send('data: price\n\n', 'droppable');
    expect([sink.written, stats.droppedMessages]).toEqual([[], 1]);
    connection.send('data: chat\n\n', 'reliable');
    expect(sink.written).toEqual(['data: chat\n\n']);
    sink.bufferedBytes = 8190;
    connection.send('data: chat again\n\n', 'reliable');
    expect([sink.ended, closed, stats.slowReadersClosed]).toEqual([1, 1, 1]);
    connection.send('data: after\n\n', 'reliable');
    expect(sink.written).toEqual(['data: chat\n\n']);
  });

  it('drops a stream by id, once', () => {
    const connections = new SseConnections();
    const sink = fakeSink();
    connections.add(new SseConnection('c1', 'ticker', sink, limits(), () => connections.remove('c1')));
    expect(connections.drop('c1')).toBe(true);
    expect(connections.drop('nope')).toBe(false);
    expect(connections.drop('c1')).toBe(false);
    expect([sink.ended, connections.size]).toEqual([1, 0]);
  });

  it('sends a heartbeat comment only to streams quiet for two thirds of the period', async () => {
    vi.useFakeTimers();
    const connections = new SseConnections(90);
    const quiet = fakeSink();
    const busy = fakeSink();
    const quietConnection = new SseConnection('q', 'ticker', quiet, limits());
    const busyConnection = new SseConnection('b', 'ticker', busy, limits());
    connections.add(quietConnection);
    connections.add(busyConnection);
    for (let i = 0; i < 3; i++) {
      busyConnection.write('data: x\n\n');
      vi.advanceTimersByTime(30);
    }
    expect(quiet.written.join('')).toMatch(/^: heartbeat \d+\n\n$/);
    expect(busy.written.every((text) => text === 'data: x\n\n')).toBe(true);
    connections.remove('q');
    connections.remove('b');
  });
});
