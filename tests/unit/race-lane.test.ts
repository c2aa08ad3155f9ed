import { describe, expect, it } from 'vitest';
import { LaneCounters } from '../../src/client/race/lane.ts';
import { raceMarkdown } from '../../src/client/race/markdown.ts';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';

const event = (n: number, ts = 1000): RealtimeEvent => ({ id: `ep-${n}`, topic: 'race:abcdefghij', type: 'race', data: { n, of: 5 }, ts });

describe('LaneCounters', () => {
  it('counts each race event once, with clock-corrected latency', () => {
    const lane = new LaneCounters('measured', 500);
    lane.expected = 3;
    // Server clock 100 ms ahead of the browser: ts 1000 is browser time 900; delivered at 950 → 50 ms.
    expect(lane.deliver(event(1), 100, 950)).toBe(true);
    expect(lane.deliver(event(2, 1010), 100, 1000)).toBe(true);
    expect(lane.deliver(event(3, 1020), 100, 1030)).toBe(true);
    lane.finished = true;
    expect(lane.summary()).toMatchObject({ delivered: 3, expected: 3, missed: 0, duplicated: 0, p50: 90, max: 110 });
    expect(lane.points).toEqual([
      { atMs: 450, latencyMs: 50 },
      { atMs: 500, latencyMs: 90 },
      { atMs: 530, latencyMs: 110 },
    ]);
  });

  it('counts a repeated event as duplicated, not delivered', () => {
    const lane = new LaneCounters('computed');
    lane.expected = 2;
    lane.deliver(event(1), 0);
    expect(lane.deliver(event(1), 0)).toBe(false);
    expect([lane.delivered, lane.duplicated]).toEqual([1, 1]);
  });

  it('reports gaps while running and every undelivered number once finished', () => {
    const lane = new LaneCounters('measured');
    lane.expected = 5;
    lane.deliver(event(1), 0);
    lane.deliver(event(3), 0);
    expect(lane.missed).toBe(1);
    lane.finished = true;
    expect(lane.missed).toBe(3);
  });

  it('divides the bytes by the events delivered', () => {
    const lane = new LaneCounters('measured');
    lane.deliver(event(1), 0);
    lane.deliver(event(2), 0);
    lane.bytes = 300;
    expect(lane.summary().bytesPerEvent).toBe(150);
  });
});

describe('raceMarkdown', () => {
  it('renders the parameters, one row per lane and the verdict', () => {
    const lane = new LaneCounters('computed');
    lane.expected = 1;
    lane.deliver(event(1, 1000), 0, 1012);
    lane.requests = 1;
    lane.bytes = 84;
    lane.connections = 1;
    lane.finished = true;
    const text = raceMarkdown(
      { rate: 1, duration: 5, interval: 2 },
      [['websockets', lane.summary()]],
      'Verdict.',
      'http://x/comparison/?rate=1',
    );
    expect(text).toBe(
      [
        'Race: 1 events/s for 5 s, short polling every 2 s — http://x/comparison/?rate=1',
        '',
        '| Transport | Delivered | Missed | Duplicated | p50 ms | p95 ms | max ms | Requests | Empty | Bytes/event | Connections held |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        '| WebSockets | 1/1 | 0 | 0 | 12 | 12 | 12 | 1 | 0 | 84 (computed) | 1 |',
        '',
        'Verdict.',
        '',
      ].join('\n'),
    );
  });
});
