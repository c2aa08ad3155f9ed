import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { Hub, type SubscriberHandlers } from '../../src/lib/realtime/hub.ts';
import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';

function makeHub(replayLimit = 5, readLimit = replayLimit) {
  const bus = new MemoryBus({ replayLimit, epoch: 'ep' });
  return { bus, hub: new Hub(bus, { readLimit }) };
}

function recorder() {
  const events: RealtimeEvent[] = [];
  const resets: ResetNotice[] = [];
  const lives: Array<{ replayed: number; cursor: string }> = [];
  const handlers: SubscriberHandlers = {
    onEvent: (event) => events.push(event),
    onReset: (notice) => resets.push(notice),
    onLive: (info) => lives.push(info),
  };
  return { events, resets, lives, handlers, ids: () => events.map((event) => event.id) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('hub', () => {
  it('numbers events in order within a topic, independently per topic', async () => {
    const { hub } = makeHub();
    const a1 = await hub.publish('a', 'x', 1);
    const b1 = await hub.publish('b', 'x', 1);
    const a2 = await hub.publish('a', 'x', 2);
    expect([a1.id, a2.id, b1.id]).toEqual(['ep-1', 'ep-2', 'ep-1']);
    expect(a1).toMatchObject({ topic: 'a', type: 'x', data: 1 });
    expect(typeof a1.ts).toBe('number');
  });

  it('delivers live events to every subscriber of the topic, in order, and none of other topics', async () => {
    const { hub } = makeHub();
    const first = recorder();
    const second = recorder();
    hub.subscribe('a', first.handlers);
    hub.subscribe('a', second.handlers);
    await settle();
    await hub.publish('a', 'x', 1);
    await hub.publish('b', 'x', 'other topic');
    await hub.publish('a', 'x', 2);
    expect(first.events.map((event) => event.data)).toEqual([1, 2]);
    expect(second.ids()).toEqual(['ep-1', 'ep-2']);
  });

  it('replays exactly the events after the cursor, then goes live with no duplicate', async () => {
    const { hub } = makeHub();
    for (let i = 1; i <= 4; i++) await hub.publish('a', 'x', i);
    const sub = recorder();
    hub.subscribe('a', sub.handlers, 'ep-2');
    await hub.publish('a', 'x', 5); // published after the replay was read, before it was delivered
    await settle();
    await hub.publish('a', 'x', 6);
    expect(sub.ids()).toEqual(['ep-3', 'ep-4', 'ep-5', 'ep-6']);
    // ep-5 was held back while the replay (ep-3, ep-4) was in flight, then delivered live.
    expect(sub.lives).toEqual([{ replayed: 2, cursor: 'ep-4' }]);
    expect(sub.resets).toEqual([]);
  });

  it('keeps only the replay window and answers a cursor older than it with a reset', async () => {
    const { hub } = makeHub(3);
    for (let i = 1; i <= 6; i++) await hub.publish('a', 'x', i);
    expect((await hub.read('a', 'ep-3')).events.map((event) => event.id)).toEqual(['ep-4', 'ep-5', 'ep-6']);
    const tooOld = await hub.read('a', 'ep-2');
    expect(tooOld).toEqual({ events: [], cursor: 'ep-6', reset: { topic: 'a', reason: 'too-old', cursor: 'ep-6' } });
  });

  it.each([
    ['garbage', 'invalid'],
    ['other-3', 'unknown'],
    ['ep-99', 'unknown'],
  ] as const)('answers cursor %j with a %s reset, then delivers live events', async (cursor, reason) => {
    const { hub } = makeHub();
    await hub.publish('a', 'x', 1);
    const sub = recorder();
    hub.subscribe('a', sub.handlers, cursor);
    await settle();
    await hub.publish('a', 'x', 2);
    expect(sub.resets).toEqual([{ topic: 'a', reason, cursor: 'ep-1' }]);
    expect(sub.ids()).toEqual(['ep-2']);
  });

  it('reads nothing but the head without a cursor, and an empty page at the head', async () => {
    const { hub } = makeHub();
    expect(await hub.read('a')).toEqual({ events: [], cursor: 'ep-0' });
    await hub.publish('a', 'x', 1);
    expect(await hub.read('a')).toEqual({ events: [], cursor: 'ep-1' });
    expect(await hub.read('a', 'ep-1')).toEqual({ events: [], cursor: 'ep-1' });
    expect(await hub.read('a', 'ep-0')).toMatchObject({ cursor: 'ep-1', events: [{ id: 'ep-1' }] });
  });

  it('replays a backlog longer than one read without skipping', async () => {
    const { hub } = makeHub(10, 3);
    for (let i = 1; i <= 8; i++) await hub.publish('a', 'x', i);
    const sub = recorder();
    hub.subscribe('a', sub.handlers, 'ep-1');
    await settle();
    await settle();
    expect(sub.ids()).toEqual(['ep-2', 'ep-3', 'ep-4', 'ep-5', 'ep-6', 'ep-7', 'ep-8']);
    expect(sub.lives[0]?.replayed).toBe(7);
  });

  it('stops delivering after unsubscribe and forgets the subscriber', async () => {
    const { hub } = makeHub();
    const sub = recorder();
    const subscription = hub.subscribe('a', sub.handlers);
    await settle();
    expect(hub.subscriberCounts()).toEqual({ a: 1 });
    await hub.publish('a', 'x', 1);
    subscription.close();
    subscription.close();
    await hub.publish('a', 'x', 2);
    expect(sub.ids()).toEqual(['ep-1']);
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('delivers nothing to a subscription closed before its replay finished', async () => {
    const { hub } = makeHub();
    await hub.publish('a', 'x', 1);
    const sub = recorder();
    hub.subscribe('a', sub.handlers, 'ep-0').close();
    await settle();
    await hub.publish('a', 'x', 2);
    expect(sub.events).toEqual([]);
    expect(sub.lives).toEqual([]);
  });
});
