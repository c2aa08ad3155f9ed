import { afterEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/lib/realtime/bus/bus.ts';
import { parseCursor } from '../../src/lib/realtime/cursor.ts';
import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';

/** How the contract suite gets buses: a fresh backplane per test, each bus with the given replay limit. */
export interface BusFactory {
  /** A bus on a fresh, empty backplane. */
  create(options: { replayLimit: number }): Promise<Bus>;
  /** Releases what `create` made (the suite closes the buses first). */
  cleanup?(): Promise<void>;
}

const waitFor = async (check: () => boolean, what: string, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const seqs = (events: RealtimeEvent[]) => events.map((event) => parseCursor(event.id)!.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The rules of bus.ts as tests, run against every implementation. */
export function describeBus(name: string, factory: BusFactory): void {
  describe(`bus contract: ${name}`, () => {
    const opened: Bus[] = [];
    const open = async (replayLimit = 50): Promise<Bus> => {
      const bus = await factory.create({ replayLimit });
      opened.push(bus);
      return bus;
    };
    afterEach(async () => {
      for (const bus of opened.splice(0)) await bus.close();
      await factory.cleanup?.();
    });

    it('numbers each topic 1, 2, 3… under one epoch, and starts the head at <epoch>-0', async () => {
      const bus = await open();
      const head = await bus.head('a');
      const epoch = parseCursor(head)!.epoch;
      expect(head).toBe(`${epoch}-0`);
      const a1 = await bus.append('a', 'x', { n: 1 }, 111);
      const b1 = await bus.append('b', 'x', 'b', 112);
      const a2 = await bus.append('a', 'y', [2], 113);
      expect([a1.id, a2.id, b1.id]).toEqual([`${epoch}-1`, `${epoch}-2`, `${epoch}-1`]);
      expect(a2).toEqual({ id: `${epoch}-2`, topic: 'a', type: 'y', data: [2], ts: 113 });
      expect(await bus.head('a')).toBe(`${epoch}-2`);
      expect(bus.healthy).toBe(true);
    });

    it('ranges over exactly the events after a cursor, in order, at most `limit`', async () => {
      const bus = await open();
      const events: RealtimeEvent[] = [];
      for (let i = 1; i <= 7; i++) events.push(await bus.append('a', 'x', i, i));
      const epoch = parseCursor(events[0]!.id)!.epoch;
      expect(await bus.range('a', { epoch, seq: 2 }, 100)).toEqual({ ok: true, events: events.slice(2), head: `${epoch}-7` });
      expect(await bus.range('a', { epoch, seq: 0 }, 3)).toEqual({ ok: true, events: events.slice(0, 3), head: `${epoch}-7` });
      expect(await bus.range('a', { epoch, seq: 7 }, 100)).toEqual({ ok: true, events: [], head: `${epoch}-7` });
    });

    it('answers `unknown` for another epoch or a cursor beyond the head', async () => {
      const bus = await open();
      const event = await bus.append('a', 'x', 1, 1);
      const { epoch } = parseCursor(event.id)!;
      expect(await bus.range('a', { epoch: 'zz9', seq: 0 }, 10)).toEqual({ ok: false, reason: 'unknown', head: event.id });
      expect(await bus.range('a', { epoch, seq: 2 }, 10)).toEqual({ ok: false, reason: 'unknown', head: event.id });
    });

    it('keeps a bounded log and answers `too-old` for a cursor before it, never a silent skip', async () => {
      const bus = await open(10);
      // Redis trims approximately (whole blocks of 100 entries), so publish well past that.
      for (let i = 1; i <= 300; i++) await bus.append('a', 'x', i, i);
      const epoch = parseCursor(await bus.head('a'))!.epoch;
      expect(await bus.range('a', { epoch, seq: 1 }, 10)).toEqual({ ok: false, reason: 'too-old', head: `${epoch}-300` });
      const recent = await bus.range('a', { epoch, seq: 290 }, 100);
      expect(recent.ok && seqs(recent.events)).toEqual(range(291, 300));
    });

    it('does not create a topic by reading it', async () => {
      const bus = await open();
      const epoch = parseCursor(await bus.head('never'))!.epoch;
      expect(await bus.range('never', { epoch, seq: 0 }, 10)).toEqual({ ok: true, events: [], head: `${epoch}-0` });
      expect(await bus.range('never', { epoch, seq: 3 }, 10)).toEqual({ ok: false, reason: 'unknown', head: `${epoch}-0` });
      expect((await bus.append('never', 'x', 1, 1)).id).toBe(`${epoch}-1`);
    });

    it('says whether a topic exists without creating it: from open or the first append until forget', async () => {
      const bus = await open();
      expect(await bus.exists('race')).toBe(false);
      await bus.head('race');
      expect(await bus.exists('race')).toBe(false);
      await bus.open('race');
      expect(await bus.exists('race')).toBe(true);
      const epoch = parseCursor(await bus.head('race'))!.epoch;
      expect(await bus.head('race')).toBe(`${epoch}-0`);
      expect((await bus.append('race', 'x', 1, 1)).id).toBe(`${epoch}-1`);
      await bus.append('other', 'x', 1, 1);
      expect(await bus.exists('other')).toBe(true);
      await bus.forget('race');
      expect(await bus.exists('race')).toBe(false);
    });

    it('forgets a topic: its log is gone and it starts again at 1', async () => {
      const bus = await open();
      for (let i = 1; i <= 3; i++) await bus.append('race', 'x', i, i);
      await bus.append('kept', 'x', 1, 1);
      await bus.forget('race');
      const epoch = parseCursor(await bus.head('race'))!.epoch;
      expect(await bus.head('race')).toBe(`${epoch}-0`);
      expect(await bus.head('kept')).toBe(`${epoch}-1`);
      expect((await bus.append('race', 'x', 'again', 9)).id).toBe(`${epoch}-1`);
    });

    it('delivers live events of a watched topic to every listener, in order', async () => {
      const bus = await open();
      const first: RealtimeEvent[] = [];
      const second: RealtimeEvent[] = [];
      bus.onEvent((event) => event.topic === 'a' && first.push(event));
      const stop = bus.onEvent((event) => event.topic === 'a' && second.push(event));
      await bus.watch('a');
      for (let i = 1; i <= 20; i++) void bus.append('a', 'x', i, i);
      await waitFor(() => first.length === 20 && second.length === 20, '20 live events');
      expect(seqs(first)).toEqual(range(1, 20));
      expect(first.map((event) => event.data)).toEqual(range(1, 20));
      stop();
      await bus.append('a', 'x', 21, 21);
      await waitFor(() => first.length === 21, 'the 21st event');
      expect(second).toHaveLength(20);
    });

    it('through the hub, a subscriber resuming while events are published gets each once, in order', async () => {
      const bus = await open(500);
      const hub = new Hub(bus, { readLimit: 7 });
      for (let i = 1; i <= 30; i++) await hub.publish('a', 'x', i);
      const epoch = parseCursor(await hub.head('a'))!.epoch;
      const received: RealtimeEvent[][] = [[], [], []];
      const resets: ResetNotice[] = [];
      const subscriptions = received.map((list, i) =>
        hub.subscribe('a', { onEvent: (event) => list.push(event), onReset: (notice) => resets.push(notice) }, `${epoch}-${i * 10}`),
      );
      // Publishing while the replays (in pages of 7) are being read: the overlap must not lose or repeat.
      const publishing = Promise.all(range(31, 60).map((i) => hub.publish('a', 'x', i)));
      await publishing;
      await waitFor(() => received.every((list) => list.length > 0 && parseCursor(list.at(-1)!.id)!.seq === 60), 'every subscriber at 60');
      received.forEach((list, i) => expect(seqs(list)).toEqual(range(i * 10 + 1, 60)));
      expect(resets).toEqual([]);
      for (const subscription of subscriptions) subscription.close();
      expect(hub.subscriberCounts()).toEqual({});
      hub.close();
    });
  });
}
