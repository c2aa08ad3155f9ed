import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';
import { WaitingRoom } from '../../src/lib/realtime/transports/long-poll/waiting-room.ts';

function makeRoom(lingerMs = 10_000) {
  const hub = new Hub(new MemoryBus({ replayLimit: 10, epoch: 'ep' }), { readLimit: 10 });
  return { hub, room: new WaitingRoom(hub, { lingerMs }) };
}
const never = () => new AbortController().signal;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('long-poll waiting room', () => {
  it('holds many polls at the head on one subscription and answers them all with the same events', async () => {
    const { hub, room } = makeRoom();
    await hub.publish('a', 'x', 'old');
    const polls = Array.from({ length: 50 }, () => room.wait({ topic: 'a', since: 'ep-1', timeoutMs: 10_000, signal: never() }));
    await tick();
    expect([room.waiting, hub.subscriberCounts()]).toEqual([50, { a: 1 }]);
    void hub.publish('a', 'x', 'new');
    void hub.publish('a', 'x', 'newer');
    for (const result of await Promise.all(polls)) {
      expect(result).toMatchObject({ events: [{ id: 'ep-2' }, { id: 'ep-3' }], cursor: 'ep-3' });
    }
    expect(room.waiting).toBe(0);
  });

  it('answers at once when events already follow the cursor, and resets an unusable cursor', async () => {
    const { hub, room } = makeRoom();
    await hub.publish('a', 'x', 1);
    expect(await room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() })).toMatchObject({ events: [{ id: 'ep-1' }] });
    expect(await room.wait({ topic: 'a', since: 'other-1', timeoutMs: 10_000, signal: never() })).toMatchObject({
      events: [],
      reset: { reason: 'unknown', cursor: 'ep-1' },
    });
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('gives a poll that fell behind the line exactly the events after its own cursor', async () => {
    const { hub, room } = makeRoom();
    const first = room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() });
    await tick();
    await hub.publish('a', 'x', 1);
    expect((await first)?.cursor).toBe('ep-1');
    // The line is at ep-1 now; a poll still at ep-0 reads ep-1 at once, one at the head waits for ep-2.
    const behind = room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() });
    const atHead = room.wait({ topic: 'a', since: 'ep-1', timeoutMs: 10_000, signal: never() });
    expect((await behind)?.events.map((event) => event.id)).toEqual(['ep-1']);
    await tick();
    await hub.publish('a', 'x', 2);
    expect((await atHead)?.events.map((event) => event.id)).toEqual(['ep-2']);
  });

  it('lets a poll go at its timeout or the moment its client aborts; a later event reaches nobody', async () => {
    const { hub, room } = makeRoom();
    const controller = new AbortController();
    const aborted = room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: controller.signal });
    const timedOut = room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 30, signal: never() });
    await tick();
    expect(room.waiting).toBe(2);
    controller.abort();
    expect(await aborted).toBeUndefined();
    expect(room.waiting).toBe(1);
    expect(await timedOut).toBeUndefined();
    expect(room.waiting).toBe(0);
    await hub.publish('a', 'x', 1);
  });

  it('lets a line go at once when its last poll leaves unanswered', async () => {
    const { hub, room } = makeRoom();
    const controller = new AbortController();
    const poll = room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: controller.signal });
    await tick();
    controller.abort();
    await poll;
    expect([room.lines, hub.subscriberCounts()]).toEqual([0, {}]);
  });

  it('closes a topic’s shared subscription once no poll has waited for the linger time', async () => {
    const { hub, room } = makeRoom(30);
    const poll = room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() });
    await tick();
    await hub.publish('a', 'x', 1);
    await poll;
    expect([room.lines, hub.subscriberCounts()]).toEqual([1, { a: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect([room.lines, hub.subscriberCounts()]).toEqual([0, {}]);
  });

  it('on close answers every waiting poll with nothing and lets every subscription go', async () => {
    const { hub, room } = makeRoom();
    const polls = [
      room.wait({ topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() }),
      room.wait({ topic: 'b', since: 'ep-0', timeoutMs: 10_000, signal: never() }),
    ];
    await tick();
    room.close();
    expect(await Promise.all(polls)).toEqual([undefined, undefined]);
    expect([room.lines, hub.subscriberCounts()]).toEqual([0, {}]);
  });
});
