import { describe, expect, it } from 'vitest';
import type { Transport } from '../../src/data/comparison.ts';
import { measuredCells, raceVerdict, raceVerdictLines, type MeasuredLane } from '../../src/data/race-verdict.ts';

const lane = (p50Ms: number, bytesPerEvent: number, requests = 10, delivered = 200): MeasuredLane => ({
  p50Ms,
  bytesPerEvent,
  requests,
  delivered,
});

describe('raceVerdict', () => {
  it('agrees when the push transports lead on latency and bytes and short polling is slowest', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(980, 420, 40),
      'long-polling': lane(14, 380, 180),
      sse: lane(3, 95, 1),
      websockets: lane(2, 84, 1),
    };
    expect(raceVerdict(results, 2000)).toBe(
      "This run agrees with the comparison table: short polling's p50 of 980 ms follows its 2 s interval (an event waits half of it on average) " +
        'while WebSockets took 2 ms, and per event WebSockets moved 84 B against 420 B for Short polling.',
    );
  });

  it('explains batching when short polling beats long polling on bytes at a high rate', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(1000, 150, 10, 200),
      'long-polling': lane(12, 380, 190),
      sse: lane(3, 95, 1),
      websockets: lane(2, 84, 1),
    };
    expect(raceVerdict(results, 2000)).toMatch(
      /^This run agrees with the comparison table: .* \(short polling beat long polling on bytes because each of its 10 requests carried about 20 events; at rare events most polls come back empty and it loses\)\.$/,
    );
  });

  it('accepts long polling within a few ms of the push transports, and says why', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(933, 198, 5),
      'long-polling': lane(9, 1055, 51),
      sse: lane(9.4, 161, 1),
      websockets: lane(1, 139, 1),
    };
    const verdict = raceVerdict(results, 2000);
    expect(verdict).toMatch(/^This run agrees with the comparison table: /);
    expect(verdict).toContain('long polling kept pace with the push transports (p50 9 ms)');
  });

  it('says so when a run differs, and names the order it saw', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(5, 420),
      'long-polling': lane(40, 380),
      sse: lane(30, 95),
      websockets: lane(2, 500),
    };
    const verdict = raceVerdict(results, 1000);
    expect(verdict).toMatch(
      /^This run differs from the comparison table \(which ranks the push transports first and short polling last\): /,
    );
    expect(verdict).toContain('by p50 latency the order was WebSockets < Short polling < Server-Sent Events < Long polling');
    expect(verdict).toContain('by bytes per event the order was Server-Sent Events < Long polling < Short polling < WebSockets');
  });
});

describe('measuredCells', () => {
  it('rounds the p50 and the bytes per event', () => {
    expect(measuredCells(lane(12.6, 95.4, 3))).toEqual({ latency: 'p50 13 ms', overhead: '95 B/event, 3 requests' });
  });
});

describe('raceVerdictLines', () => {
  it('says who won and whether the table holds, in three short lines', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(980, 420, 40),
      'long-polling': lane(14, 380, 180),
      sse: lane(3, 95, 1),
      websockets: lane(2, 84, 1),
    };
    expect(raceVerdictLines(results, 2000)).toEqual([
      'Fastest: WebSockets (p50 2 ms); slowest: Short polling (p50 980 ms, its 2 s interval).',
      'Fewest bytes per event: WebSockets (84 B); most: Short polling (420 B).',
      'As the table says: the push transports lead, short polling trails.',
    ]);
  });

  it('names the order that broke the table', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(5, 420, 40),
      'long-polling': lane(14, 380, 180),
      sse: lane(3, 95, 1),
      websockets: lane(2, 84, 1),
    };
    const lines = raceVerdictLines(results, 2000);
    expect(lines[0]).toBe('Fastest: WebSockets (p50 2 ms); slowest: Long polling (p50 14 ms).');
    expect(lines[2]).toBe('Unlike the table: by latency the order was WebSockets < Server-Sent Events < Short polling < Long polling.');
    expect(lines.every((line) => line.length <= 110)).toBe(true);
  });
});

describe('raceVerdictLines and the clock', () => {
  it('never names a p50 below the clock uncertainty as a number', () => {
    const results: Record<Transport, MeasuredLane> = {
      'short-polling': lane(980, 420, 40),
      'long-polling': lane(14, 380, 180),
      sse: lane(3, 95, 1),
      websockets: lane(0.4, 84, 1),
    };
    expect(raceVerdictLines(results, 2000, 2)[0]).toBe(
      'Fastest: WebSockets (p50 ≈ 0 ms (± 2)); slowest: Short polling (p50 980 ms, its 2 s interval).',
    );
  });
});
