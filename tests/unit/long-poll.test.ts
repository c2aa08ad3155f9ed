import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';
import { waitForEvents } from '../../src/lib/realtime/transports/long-poll/wait.ts';

function makeHub(replayLimit = 10) {
  return new Hub(new MemoryBus({ replayLimit, epoch: 'ep' }), { readLimit: replayLimit });
}

const never = () => new AbortController().signal;

describe('long poll wait', () => {
  it('answers at once with the events already after the cursor', async () => {
    const hub = makeHub();
    await hub.publish('a', 'x', 1);
    await hub.publish('a', 'x', 2);
    const result = await waitForEvents(hub, { topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() });
    expect(result?.events.map((event) => event.id)).toEqual(['ep-1', 'ep-2']);
    expect(result?.cursor).toBe('ep-2');
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('holds until the next event, then answers with it and lets the subscription go', async () => {
    const hub = makeHub();
    await hub.publish('a', 'x', 'old');
    const waiting = waitForEvents(hub, { topic: 'a', since: 'ep-1', timeoutMs: 10_000, signal: never() });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(hub.subscriberCounts()).toEqual({ a: 1 });
    await hub.publish('a', 'x', 'new');
    const result = await waiting;
    expect(result).toMatchObject({ events: [{ id: 'ep-2', data: 'new' }], cursor: 'ep-2' });
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('without a cursor waits for the next event only', async () => {
    const hub = makeHub();
    await hub.publish('a', 'x', 'before');
    const waiting = waitForEvents(hub, { topic: 'a', timeoutMs: 10_000, signal: never() });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await hub.publish('a', 'x', 'after');
    expect((await waiting)?.events.map((event) => event.data)).toEqual(['after']);
  });

  it('delivers events published in one tick together', async () => {
    const hub = makeHub();
    const waiting = waitForEvents(hub, { topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: never() });
    await new Promise((resolve) => setTimeout(resolve, 5));
    void hub.publish('a', 'x', 1);
    void hub.publish('a', 'x', 2);
    expect((await waiting)?.events.map((event) => event.id)).toEqual(['ep-1', 'ep-2']);
  });

  it('resolves undefined at the timeout and lets the subscription go', async () => {
    const hub = makeHub();
    const started = Date.now();
    const result = await waitForEvents(hub, { topic: 'a', since: 'ep-0', timeoutMs: 50, signal: never() });
    expect(result).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('ends the instant the client aborts, and a later event reaches nobody', async () => {
    const hub = makeHub();
    const controller = new AbortController();
    const waiting = waitForEvents(hub, { topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(hub.subscriberCounts()).toEqual({ a: 1 });
    controller.abort();
    expect(hub.subscriberCounts()).toEqual({});
    expect(await waiting).toBeUndefined();
  });

  it('does not subscribe at all when the client left before the read finished', async () => {
    const hub = makeHub();
    const controller = new AbortController();
    controller.abort();
    expect(await waitForEvents(hub, { topic: 'a', since: 'ep-0', timeoutMs: 10_000, signal: controller.signal })).toBeUndefined();
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('answers a cursor the log no longer has with a reset and the head, at once', async () => {
    const hub = makeHub(2);
    for (let i = 1; i <= 5; i++) await hub.publish('a', 'x', i);
    expect(await waitForEvents(hub, { topic: 'a', since: 'ep-1', timeoutMs: 10_000, signal: never() })).toEqual({
      events: [],
      cursor: 'ep-5',
      reset: { topic: 'a', reason: 'too-old', cursor: 'ep-5' },
    });
    expect(await waitForEvents(hub, { topic: 'a', since: 'other-1', timeoutMs: 10_000, signal: never() })).toMatchObject({
      reset: { reason: 'unknown', cursor: 'ep-5' },
    });
  });
});
