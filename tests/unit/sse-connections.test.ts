import { describe, expect, it } from 'vitest';
import { SseConnection, SseConnections, WIRE_BACKLOG_CHARS } from '../../src/lib/realtime/transports/sse-connections.ts';

describe('SSE connection wire tap', () => {
  it('gives a late tap the backlog, then every write, with the running byte count', () => {
    const connection = new SseConnection('c1', 'ticker', () => {});
    connection.wrote('retry: 1\n\n', 10);
    connection.wrote('data: é\n\n', 10);
    const seen: Array<[string, number]> = [];
    connection.tap({ onText: (text, bytes) => seen.push([text, bytes]), onEnd: () => seen.push(['END', -1]) });
    connection.wrote('data: x\n\n', 9);
    connection.closed();
    expect(seen).toEqual([
      ['retry: 1\n\ndata: é\n\n', 20],
      ['data: x\n\n', 29],
      ['END', -1],
    ]);
  });

  it('keeps only about the last WIRE_BACKLOG_CHARS characters', () => {
    const connection = new SseConnection('c1', 'ticker', () => {});
    const chunk = 'x'.repeat(1000);
    for (let i = 0; i < 40; i++) connection.wrote(chunk, 1000);
    let backlog = '';
    connection.tap({ onText: (text) => (backlog = text), onEnd: () => {} });
    expect(backlog.length).toBeLessThanOrEqual(WIRE_BACKLOG_CHARS);
    expect(backlog.length).toBeGreaterThan(WIRE_BACKLOG_CHARS - 1000);
    expect(connection.bytesSent).toBe(40_000);
  });

  it('drops a stream by id, once', () => {
    const connections = new SseConnections();
    let ended = 0;
    connections.add(new SseConnection('c1', 'ticker', () => (ended += 1)));
    expect(connections.drop('c1')).toBe(true);
    expect(connections.drop('nope')).toBe(false);
    connections.remove('c1');
    expect(connections.drop('c1')).toBe(false);
    expect([ended, connections.size]).toEqual([1, 0]);
  });
});
