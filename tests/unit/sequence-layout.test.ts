import { describe, expect, it } from 'vitest';
import { LANE_HEADER, layoutSequence, msPerPixel, pruneSequence } from '../../src/client/diagram/sequence-layout.ts';
import { LABEL_ASCENT, LABEL_DESCENT, LABEL_SPACING, MIN_EXCHANGE_GAP } from '../../src/client/diagram/sequence-legibility.ts';
import { describeSequence } from '../../src/client/diagram/sequence-text.ts';
import type { ArrowShape, BarShape, DiagramItem } from '../../src/client/diagram/sequence-types.ts';

const NOW = 1_000_000;
// 20 s over 200 px of plot: 10 px a second, from y = LANE_HEADER (20 s ago) to LANE_HEADER + 200 (now).
const frame = { now: NOW, width: 320, height: LANE_HEADER + 204, windowMs: 20_000 };
const yAgo = (seconds: number): number => LANE_HEADER + (20 - seconds) * 10;
const arrows = (items: DiagramItem[]): ArrowShape[] =>
  layoutSequence(items, frame).shapes.filter((s): s is ArrowShape => s.type === 'arrow' || s.type === 'tick');
const bars = (items: DiagramItem[]): BarShape[] => layoutSequence(items, frame).shapes.filter((s): s is BarShape => s.type === 'bar');

describe('sequence layout', () => {
  it('puts the browser lane on the left, the server lane on the right, and time marks from 20 s ago to now', () => {
    const layout = layoutSequence([], frame);
    expect(layout.browserX).toBe(64);
    // The right margin is wider (86 px here): it holds the notes of real time.
    expect(layout.serverX).toBe(234);
    // 20 s over 200 px of plot.
    expect(msPerPixel(frame.height)).toBe(100);
    expect(layout.marks.map((mark) => mark.label)).toEqual(['20 s ago', '15 s ago', '10 s ago', '5 s ago', 'now']);
    expect(layout.marks[0]!.y).toBe(yAgo(20));
    expect(layout.marks.at(-1)!.y).toBe(yAgo(0));
  });

  it('draws a short poll as an arrow out at its send time, a short bar, and an arrow back at its answer', () => {
    const poll: DiagramItem = {
      kind: 'request',
      key: 'r1',
      label: 'GET /api/poll',
      sentAt: NOW - 5000,
      endedAt: NOW - 4990,
      outcome: 'empty',
      answer: '200 · empty',
    };
    const [out, back] = arrows([poll]);
    // 10 ms apart is 0.1 px: the two arrows are set MIN_EXCHANGE_GAP apart around their moment, so both show.
    const middle = (yAgo(5) + yAgo(4.99)) / 2;
    expect(out).toEqual({
      type: 'arrow',
      key: 'r1:out',
      direction: 'up',
      at: NOW - 5000,
      y: middle - MIN_EXCHANGE_GAP / 2,
      x1: 64,
      x2: 234,
      tone: 'request',
      label: 'GET /api/poll',
      labelY: middle - MIN_EXCHANGE_GAP / 2 - 3,
    });
    expect(back).toMatchObject({ type: 'arrow', key: 'r1:back', direction: 'down', x1: 234, x2: 64, tone: 'empty', label: '200 · empty' });
    expect(back!.y).toBeCloseTo(middle + MIN_EXCHANGE_GAP / 2);
    // The request is labelled above its arrow and the answer below its own: both labels fit.
    expect(back!.labelY).toBeCloseTo(middle + MIN_EXCHANGE_GAP / 2 + 10);
    // The bar keeps the measured times.
    const [bar] = bars([poll]);
    expect(bar).toMatchObject({ type: 'bar', key: 'r1:held', x: 234, y1: yAgo(5), open: false, clipped: false, tone: 'empty' });
    expect(bar!.y2).toBeCloseTo(yAgo(4.99));
  });

  it('draws a held long poll as an open bar down to now, and ends it at the answer once an event arrives', () => {
    const held: DiagramItem = { kind: 'request', key: 'r2', label: 'GET /api/long-poll', sentAt: NOW - 8000 };
    expect(bars([held])).toEqual([
      { type: 'bar', key: 'r2:held', x: 234, y1: yAgo(8), y2: yAgo(0), open: true, clipped: false, tone: 'held' },
    ]);
    expect(arrows([held]).map((arrow) => arrow.key)).toEqual(['r2:out']);

    const answered: DiagramItem = { ...held, endedAt: NOW - 3000, outcome: 'data', answer: '200 · 1 event' };
    expect(bars([answered])[0]).toMatchObject({ y1: yAgo(8), y2: yAgo(3), open: false, tone: 'data' });
    expect(arrows([answered]).map((arrow) => [arrow.key, arrow.label])).toEqual([
      ['r2:out', 'GET /api/long-poll'],
      ['r2:back', '200 · 1 event'],
    ]);
  });

  it('draws a request the page aborted with no answer: its last arrow points at the server', () => {
    const stopped: DiagramItem = {
      kind: 'request',
      key: 'r5',
      label: 'GET /api/long-poll',
      sentAt: NOW - 9000,
      endedAt: NOW - 2000,
      outcome: 'aborted',
      answer: 'aborted by Stop',
    };
    expect(arrows([stopped]).map((arrow) => [arrow.key, arrow.direction, arrow.x1, arrow.x2, arrow.y, arrow.label])).toEqual([
      ['r5:out', 'up', 64, 234, yAgo(9), 'GET /api/long-poll'],
      ['r5:abort', 'up', 64, 234, yAgo(2), 'aborted by Stop'],
    ]);
    expect(describeSequence([stopped], NOW).map((row) => [row.way, row.what])).toEqual([
      ['browser → server', 'aborted by Stop'],
      ['browser → server', 'GET /api/long-poll'],
    ]);
  });

  it('cuts a bar that began before the window at the top edge, without its arrow out', () => {
    const old: DiagramItem = {
      kind: 'request',
      key: 'r3',
      label: 'GET /api/long-poll',
      sentAt: NOW - 25_000,
      endedAt: NOW - 15_000,
      outcome: 'timeout',
      answer: '204',
    };
    expect(bars([old])[0]).toMatchObject({ y1: yAgo(20), y2: yAgo(15), clipped: true, tone: 'timeout' });
    expect(arrows([old]).map((arrow) => arrow.key)).toEqual(['r3:back']);
  });

  it('leaves out whatever ended before the window', () => {
    const gone: DiagramItem[] = [
      { kind: 'request', key: 'r4', label: 'GET /api/poll', sentAt: NOW - 30_000, endedAt: NOW - 29_000, outcome: 'data' },
      { kind: 'message', key: 'm1', at: NOW - 21_000, direction: 'down', label: 'event' },
      { kind: 'connection', key: 'c1', label: 'GET /api/sse', openedAt: NOW - 40_000, closedAt: NOW - 20_001 },
    ];
    expect(layoutSequence(gone, frame).shapes).toEqual([]);
    expect(pruneSequence(gone, NOW)).toEqual([]);
  });

  it('draws SSE events and WebSocket frames as ticks pointing the way they went, on an open connection bar', () => {
    const items: DiagramItem[] = [
      { kind: 'connection', key: 'ws', label: 'WebSocket /api/ws', openedAt: NOW - 10_000 },
      { kind: 'message', key: 'f1', at: NOW - 6000, direction: 'up', label: 'text: subscribe' },
      { kind: 'message', key: 'f2', at: NOW - 2000, direction: 'down', label: 'text: event' },
    ];
    const ticks = arrows(items).filter((shape) => shape.type === 'tick');
    expect(ticks.map((tick) => [tick.direction, tick.x1, tick.x2, tick.y, tick.tone])).toEqual([
      ['up', 64, 234, yAgo(6), 'message-up'],
      ['down', 234, 64, yAgo(2), 'message-down'],
    ]);
    expect(bars(items)).toEqual([
      { type: 'bar', key: 'ws:open', x: 234, y1: yAgo(10), y2: yAgo(0), open: true, clipped: false, tone: 'connection' },
    ]);
  });

  it('draws a connection the server ended with an arrow back, labelled with how it ended', () => {
    const stream: DiagramItem = {
      kind: 'connection',
      key: 's',
      label: 'GET /api/sse',
      openedAt: NOW - 9000,
      closedAt: NOW - 4000,
      end: 'stream ended by the server',
    };
    expect(arrows([stream]).map((arrow) => [arrow.key, arrow.direction, arrow.y, arrow.label])).toEqual([
      ['s:out', 'up', yAgo(9), 'GET /api/sse'],
      ['s:end', 'down', yAgo(4), 'stream ended by the server'],
    ]);
  });

  it('draws no arrow out for a connection another request opened (a WebSocket after its handshake)', () => {
    const items: DiagramItem[] = [
      {
        kind: 'request',
        key: 'h',
        label: 'GET /api/ws (Upgrade)',
        sentAt: NOW - 5000,
        endedAt: NOW - 4990,
        outcome: 'data',
        answer: '101 Switching Protocols',
      },
      { kind: 'connection', key: 'w', label: 'WebSocket', openedAt: NOW - 4990, openArrow: false },
    ];
    expect(arrows(items).map((arrow) => arrow.key)).toEqual(['h:out', 'h:back']);
    expect(bars(items).map((bar) => [bar.key, bar.open])).toEqual([
      ['h:held', false],
      ['w:open', true],
    ]);
    expect(describeSequence(items, NOW).map((row) => row.what)).toEqual([
      'WebSocket, open for 5.0 s',
      '101 Switching Protocols',
      'GET /api/ws (Upgrade)',
    ]);
  });

  it('draws a connection the page closed with an arrow towards the server', () => {
    const socket: DiagramItem = {
      kind: 'connection',
      key: 'w',
      label: 'WebSocket /api/ws',
      openedAt: NOW - 9000,
      closedAt: NOW - 1000,
      end: 'close 1000',
      closedBy: 'page',
    };
    expect(arrows([socket]).map((arrow) => [arrow.key, arrow.direction, arrow.x1, arrow.x2])).toEqual([
      ['w:out', 'up', 64, 234],
      ['w:end', 'up', 64, 234],
    ]);
    expect(describeSequence([socket], NOW)[0]).toEqual({ ago: '1.0', way: 'browser → server', what: 'close 1000' });
  });

  // Ticks `ms` apart, the newest 1 s before now (10 px above the line for "now": room for a label below it).
  const ticksEvery = (ms: number, count: number): DiagramItem[] =>
    Array.from({ length: count }, (_, i) => ({
      kind: 'message' as const,
      key: `m${i}`,
      at: NOW - 1000 - (count - 1) * ms + i * ms,
      direction: 'down' as const,
      label: `event ${i}`,
    }));
  const labelled = (shapes: ArrowShape[]) => shapes.filter((tick) => tick.label !== undefined).map((tick) => tick.label);

  it('keeps labels at least LABEL_SPACING apart, the newest first', () => {
    // Ticks 1.5 s apart are 15 px apart at 10 px a second: each label fits between its tick and the next.
    expect(LABEL_SPACING).toBe(12);
    const shapes = arrows(ticksEvery(1500, 4));
    expect(labelled(shapes)).toEqual(['event 0', 'event 1', 'event 2', 'event 3']);
    expect(shapes.map((tick) => tick.labelY! - tick.y)).toEqual([10, 10, 10, 10]);
  });

  it('drops a label that another line would cross, and tries the other side of its own line first', () => {
    // Regression: ticks 0.5 s (5 px) apart kept every third label, each drawn across the next two ticks.
    // Now only the outermost fit: the newest below its tick, the oldest above its own (nothing is above it).
    const shapes = arrows(ticksEvery(500, 9));
    expect(labelled(shapes)).toEqual(['event 0', 'event 8']);
    expect(shapes[0]!.labelY).toBe(shapes[0]!.y - 3);
    expect(shapes[8]!.labelY).toBe(shapes[8]!.y + 10);
  });

  it('never cuts a label at the edge: a tick on the line for "now" is labelled above it', () => {
    const [tick] = arrows([{ kind: 'message', key: 'last', at: NOW, direction: 'down', label: 'event' }]);
    expect(tick!.y).toBe(frame.height - 4);
    expect(tick!.labelY).toBe(tick!.y - 3);
  });

  it('at a 0.5 s poll interval no label crosses an arrow or another label, and the newest answer keeps its label', () => {
    const polls: DiagramItem[] = Array.from({ length: 40 }, (_, i) => ({
      kind: 'request' as const,
      key: `p${i}`,
      label: 'GET /api/poll',
      sentAt: NOW - 19_800 + i * 500,
      endedAt: NOW - 19_795 + i * 500,
      outcome: i % 4 === 0 ? ('data' as const) : ('empty' as const),
      answer: i % 4 === 0 ? '200 · 1 event' : '200 · empty',
    }));
    const lines = arrows(polls);
    const kept = lines.filter((line) => line.labelY !== undefined);
    // Only the oldest request has clear space (above it); the newest answer, on the line for "now", has none below.
    expect(kept.map((line) => line.key)).toEqual(['p0:out']);
    for (const line of kept) {
      const crossing = lines.filter(
        (other) => other !== line && other.y >= line.labelY! - LABEL_ASCENT && other.y <= line.labelY! + LABEL_DESCENT,
      );
      expect(
        crossing.map((other) => other.key),
        `${line.key}'s label`,
      ).toEqual([]);
      for (const other of kept) if (other !== line) expect(Math.abs(other.labelY! - line.labelY!)).toBeGreaterThanOrEqual(LABEL_SPACING);
    }
  });
});

describe('sequence text alternative', () => {
  it('has one row per arrow and tick drawn, plus one per request still held, newest first', () => {
    const items: DiagramItem[] = [
      {
        kind: 'request',
        key: 'a',
        label: 'GET /api/long-poll',
        sentAt: NOW - 12_000,
        endedAt: NOW - 7000,
        outcome: 'data',
        answer: '200 · 1 event',
      },
      { kind: 'request', key: 'b', label: 'GET /api/long-poll', sentAt: NOW - 6500 },
      { kind: 'message', key: 'm', at: NOW - 1000, direction: 'up', label: 'POST /api/publish' },
    ];
    const rows = describeSequence(items, NOW);
    expect(rows).toEqual([
      { ago: '0.0', way: 'held on the server', what: 'GET /api/long-poll, held for 6.5 s so far' },
      { ago: '1.0', way: 'browser → server', what: 'POST /api/publish' },
      { ago: '6.5', way: 'browser → server', what: 'GET /api/long-poll' },
      { ago: '7.0', way: 'server → browser', what: '200 · 1 event' },
      { ago: '12.0', way: 'browser → server', what: 'GET /api/long-poll' },
    ]);
    const drawn = arrows(items).length;
    const open = bars(items).filter((bar) => bar.open).length;
    expect(rows.length).toBe(drawn + open);
  });
});

describe('sequence summary line', () => {
  it('counts what the picture shows, in words', async () => {
    const { summarise } = await import('../../src/client/diagram/sequence-view.ts');
    expect(summarise([], NOW)).toBe('Nothing crossed in the last 20 s.');
    const items: DiagramItem[] = [
      {
        kind: 'request',
        key: 'a',
        label: 'GET /api/poll',
        sentAt: NOW - 3000,
        endedAt: NOW - 2990,
        outcome: 'empty',
        answer: '200 · empty',
      },
      { kind: 'request', key: 'b', label: 'GET /api/long-poll', sentAt: NOW - 1000 },
    ];
    expect(summarise(items, NOW)).toBe('Last 20 s: 2 arrows from the browser, 1 from the server, 1 held open now.');
  });
});
