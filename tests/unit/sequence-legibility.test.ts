import { describe, expect, it } from 'vitest';
import { LANE_HEADER, layoutSequence } from '../../src/client/diagram/sequence-layout.ts';
import { BURST_GAP, formatSpan, MIN_EXCHANGE_GAP } from '../../src/client/diagram/sequence-legibility.ts';
import { describeSequence } from '../../src/client/diagram/sequence-text.ts';
import type { ArrowShape, DiagramItem, NoteShape } from '../../src/client/diagram/sequence-types.ts';

const NOW = 1_000_000;
// 20 s over 200 px of plot: 100 ms a pixel, from y = LANE_HEADER (20 s ago) to LANE_HEADER + 200 (now).
const frame = { now: NOW, width: 320, height: LANE_HEADER + 204, windowMs: 20_000 };
const yAgo = (seconds: number): number => LANE_HEADER + (20 - seconds) * 10;
const layout = (items: DiagramItem[]) => layoutSequence(items, frame).shapes;
const ticks = (items: DiagramItem[]) => layout(items).filter((s): s is ArrowShape => s.type === 'tick');
const notes = (items: DiagramItem[]) => layout(items).filter((s): s is NoteShape => s.type === 'note');
const message = (key: string, at: number, direction: 'up' | 'down', label = 'event'): DiagramItem => ({
  kind: 'message',
  key,
  at,
  direction,
  label,
});

describe('formatSpan', () => {
  it('says a real span of time the way a note shows it', () => {
    expect([0, 0.4, 1, 3.4, 250, 999.4, 1000, 1234].map(formatSpan)).toEqual([
      '<1 ms',
      '<1 ms',
      '1 ms',
      '3 ms',
      '250 ms',
      '999 ms',
      '1.0 s',
      '1.2 s',
    ]);
  });
});

describe('fast exchanges on a compressed time scale', () => {
  it('sets a request answered in 3 ms MIN_EXCHANGE_GAP apart and notes "3 ms" beside the server lane, between the two arrows', () => {
    const poll: DiagramItem = {
      kind: 'request',
      key: 'r',
      label: 'GET /api/poll',
      sentAt: NOW - 5000,
      endedAt: NOW - 4997,
      outcome: 'empty',
    };
    const shapes = layout([poll]);
    const [out, back] = shapes.filter((s): s is ArrowShape => s.type === 'arrow');
    expect(MIN_EXCHANGE_GAP).toBe(8);
    expect(back!.y - out!.y).toBeCloseTo(MIN_EXCHANGE_GAP);
    // Each arrow keeps the moment it stands for.
    expect([out!.at, back!.at]).toEqual([NOW - 5000, NOW - 4997]);
    const middle = (yAgo(5) + yAgo(4.997)) / 2;
    expect(notes([poll])).toEqual([{ type: 'note', key: 'r:back:span', x: 234 + 7, y: middle + 3, text: '3 ms' }]);
  });

  it('keeps dense exchanges in order: polls every 0.5 s (5 px) answered in 5 ms spread only halfway to their neighbours', () => {
    const polls: DiagramItem[] = Array.from({ length: 3 }, (_, i) => ({
      kind: 'request' as const,
      key: `r${i}`,
      label: 'GET /api/poll',
      sentAt: NOW - 3000 + i * 500,
      endedAt: NOW - 3000 + i * 500 + 5,
      outcome: 'empty' as const,
    }));
    const arrows = layout(polls)
      .filter((s): s is ArrowShape => s.type === 'arrow')
      .sort((a, b) => a.at - b.at);
    // Every arrow stays below the one before it in time: no answer is drawn after the next request.
    for (let i = 1; i < arrows.length; i += 1) expect(arrows[i]!.y, arrows[i]!.key).toBeGreaterThan(arrows[i - 1]!.y);
    // The middle poll's nearest neighbours are 4.975 px from its middle: each of its arrows moves at most
    // halfway to them, so they end 4.975 px apart, not MIN_EXCHANGE_GAP, and the drawing stays evenly spaced.
    const middle = arrows.filter((arrow) => arrow.key.startsWith('r1:'));
    expect(middle[1]!.y - middle[0]!.y).toBeCloseTo(4.975);
  });

  it('leaves a slow enough answer where it is, with no note: 1 s is 10 px here', () => {
    const poll: DiagramItem = {
      kind: 'request',
      key: 'r',
      label: 'GET /api/poll',
      sentAt: NOW - 5000,
      endedAt: NOW - 4000,
      outcome: 'data',
    };
    const arrows = layout([poll]).filter((s): s is ArrowShape => s.type === 'arrow');
    expect(arrows.map((arrow) => arrow.y)).toEqual([yAgo(5), yAgo(4)]);
    expect(notes([poll])).toEqual([]);
  });

  it('draws a burst of messages the same way as one tick counting them, noted "×3 in 40 ms"', () => {
    const items = [message('a', NOW - 3000, 'down'), message('b', NOW - 2980, 'down'), message('c', NOW - 2960, 'down')];
    const drawn = ticks(items);
    expect(drawn.map((tick) => [tick.key, tick.count, tick.y])).toEqual([['a', 3, yAgo(3)]]);
    expect(notes(items).map((note) => note.text)).toEqual(['×3 in 40 ms']);
    // The text alternative still lists every message.
    expect(describeSequence(items, NOW)).toHaveLength(3);
  });

  it('merges only within BURST_GAP px of a run’s first tick: the 2-a-second ticker stays one tick per event', () => {
    expect(BURST_GAP).toBe(4);
    // 0.3 s apart is 3 px: the first two merge, the third (6 px from the first) starts a run of its own.
    const close = [message('a', NOW - 3000, 'down'), message('b', NOW - 2700, 'down'), message('c', NOW - 2400, 'down')];
    expect(ticks(close).map((tick) => [tick.key, tick.count])).toEqual([
      ['a', 2],
      ['c', undefined],
    ]);
    // 0.5 s apart is 5 px: nothing merges and nothing is noted.
    const ticker = [message('a', NOW - 3000, 'down'), message('b', NOW - 2500, 'down'), message('c', NOW - 2000, 'down')];
    expect(ticks(ticker).map((tick) => tick.count)).toEqual([undefined, undefined, undefined]);
    expect(notes(ticker)).toEqual([]);
  });

  it('never merges messages going opposite ways: a frame and its reply 2 ms later are set apart and noted "2 ms"', () => {
    const items = [message('sent', NOW - 6000, 'up', 'chat'), message('echo', NOW - 5998, 'down', 'chat')];
    const [up, down] = ticks(items);
    expect([up!.direction, down!.direction]).toEqual(['up', 'down']);
    expect(down!.y - up!.y).toBeCloseTo(MIN_EXCHANGE_GAP);
    expect(notes(items).map((note) => note.text)).toEqual(['2 ms']);
  });

  it('keeps notes LABEL_SPACING apart, the newest first, like labels', () => {
    // Six polls answered in 5 ms, 0.5 s apart (5 px): only every third note has room, counted from the newest.
    const polls: DiagramItem[] = Array.from({ length: 6 }, (_, i) => ({
      kind: 'request' as const,
      key: `r${i}`,
      label: 'GET /api/poll',
      sentAt: NOW - 6000 + i * 500,
      endedAt: NOW - 6000 + i * 500 + 5,
      outcome: 'empty' as const,
    }));
    const shown = notes(polls);
    expect(shown.map((note) => note.key)).toEqual(['r2:back:span', 'r5:back:span']);
    expect(shown[1]!.y - shown[0]!.y).toBeGreaterThanOrEqual(12);
  });
});
