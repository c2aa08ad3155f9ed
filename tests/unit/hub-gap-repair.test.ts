import { describe, expect, it } from 'vitest';
import type { Bus, RangeResult } from '../../src/lib/realtime/bus/bus.ts';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import type { Cursor } from '../../src/lib/realtime/cursor.ts';
import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';

/**
 * A memory bus whose live delivery can lose events (as pub/sub does while a connection is down),
 * whose log can be lost (as Redis restarting without persistence), and whose health can be set.
 */
class LossyBus implements Bus {
  #inner: MemoryBus;
  #stopInner: () => void;
  readonly #listeners = new Set<(event: RealtimeEvent) => void>();
  readonly #healthListeners = new Set<(healthy: boolean) => void>();
  /** Live events for which this answers true are not delivered. */
  drop: (event: RealtimeEvent) => boolean = () => false;
  healthy = true;
  ranges = 0;

  readonly replayLimit: number;

  constructor(replayLimit: number) {
    this.replayLimit = replayLimit;
    this.#inner = new MemoryBus({ replayLimit, epoch: 'ep' });
    this.#stopInner = this.#hook();
  }

  /** Replaces the log by an empty one with another epoch. */
  loseLog(epoch: string): void {
    this.#stopInner();
    this.#inner = new MemoryBus({ replayLimit: this.replayLimit, epoch });
    this.#stopInner = this.#hook();
  }

  setHealthy(healthy: boolean): void {
    this.healthy = healthy;
    for (const listener of this.#healthListeners) listener(healthy);
  }

  append(topic: string, type: string, data: unknown, ts: number): Promise<RealtimeEvent> {
    return this.#inner.append(topic, type, data, ts);
  }
  open(topic: string): Promise<void> {
    return this.#inner.open(topic);
  }
  exists(topic: string): Promise<boolean> {
    return this.#inner.exists(topic);
  }
  range(topic: string, after: Cursor, limit: number): Promise<RangeResult> {
    this.ranges += 1;
    return this.#inner.range(topic, after, limit);
  }
  head(topic: string): Promise<string> {
    return this.#inner.head(topic);
  }
  onEvent(listener: (event: RealtimeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  watch(): undefined {
    return undefined;
  }
  unwatch(): void {}
  onHealth(listener: (healthy: boolean) => void): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }
  forget(topic: string): Promise<void> {
    return this.#inner.forget(topic);
  }
  async close(): Promise<void> {}

  #hook(): () => void {
    return this.#inner.onEvent((event) => {
      if (this.drop(event)) return;
      for (const listener of this.#listeners) listener(event);
    });
  }
}

function recorder() {
  const events: RealtimeEvent[] = [];
  const resets: ResetNotice[] = [];
  const errors: Error[] = [];
  return {
    events,
    resets,
    errors,
    ids: () => events.map((event) => event.id),
    handlers: { onEvent: (e: RealtimeEvent) => events.push(e), onReset: (n: ResetNotice) => resets.push(n) },
    failing: {
      onEvent: (e: RealtimeEvent) => events.push(e),
      onReset: (n: ResetNotice) => resets.push(n),
      onError: (error: Error) => errors.push(error),
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('hub gap repair', () => {
  it('reads live events that never arrived from the log and delivers them in order before the next', async () => {
    const bus = new LossyBus(100);
    const hub = new Hub(bus);
    const sub = recorder();
    hub.subscribe('a', sub.handlers);
    await settle();
    bus.drop = (event) => event.id === 'ep-2' || event.id === 'ep-3';
    for (let i = 1; i <= 5; i++) await hub.publish('a', 'x', i);
    await settle();
    expect(sub.ids()).toEqual(['ep-1', 'ep-2', 'ep-3', 'ep-4', 'ep-5']);
    expect(sub.events.map((event) => event.data)).toEqual([1, 2, 3, 4, 5]);
    expect(sub.resets).toEqual([]);
  });

  it('gives an explicit too-old reset when the missing events already left the log, then carries on', async () => {
    const bus = new LossyBus(3);
    const hub = new Hub(bus, { readLimit: 3 });
    const sub = recorder();
    hub.subscribe('a', sub.handlers);
    await settle();
    await hub.publish('a', 'x', 1);
    bus.drop = (event) => event.id !== 'ep-1' && event.id !== 'ep-7';
    for (let i = 2; i <= 7; i++) await hub.publish('a', 'x', i);
    await settle();
    // ep-2..ep-6 were lost live and ep-2, ep-3 are out of the 3-event log: a reset, never a silent skip.
    expect(sub.resets).toEqual([{ topic: 'a', reason: 'too-old', cursor: 'ep-7' }]);
    expect(sub.ids()).toEqual(['ep-1']);
    bus.drop = () => false;
    await hub.publish('a', 'x', 8);
    await settle();
    expect(sub.ids()).toEqual(['ep-1', 'ep-8']);
  });

  it('resets to the new log when the log was lost (another epoch), and delivers it from there', async () => {
    const bus = new LossyBus(100);
    const hub = new Hub(bus);
    const sub = recorder();
    hub.subscribe('a', sub.handlers);
    await settle();
    await hub.publish('a', 'x', 1);
    bus.loseLog('ep2');
    bus.drop = (event) => event.id === 'ep2-1';
    await hub.publish('a', 'x', 'new 1');
    await hub.publish('a', 'x', 'new 2');
    await settle();
    expect(sub.resets).toEqual([{ topic: 'a', reason: 'unknown', cursor: 'ep2-2' }]);
    expect(sub.ids()).toEqual(['ep-1']);
    await hub.publish('a', 'x', 'new 3');
    await settle();
    expect(sub.ids()).toEqual(['ep-1', 'ep2-3']);
  });

  it('without an error handler, waits out a backplane outage and catches up when it is back', async () => {
    const bus = new LossyBus(100);
    const hub = new Hub(bus);
    const sub = recorder();
    hub.subscribe('a', sub.handlers);
    await settle();
    await hub.publish('a', 'x', 1);
    bus.setHealthy(false);
    bus.drop = () => true;
    await hub.publish('a', 'x', 2);
    await hub.publish('a', 'x', 3);
    bus.drop = () => false;
    bus.setHealthy(true);
    await settle();
    // No later event came to reveal the gap: the recovery itself read it.
    expect(sub.ids()).toEqual(['ep-1', 'ep-2', 'ep-3']);
    expect(hub.subscriberCounts()).toEqual({ a: 1 });
  });

  it('with an error handler, tells the subscriber the backplane failed and releases it', async () => {
    const bus = new LossyBus(100);
    const hub = new Hub(bus);
    const failing = recorder();
    const waiting = recorder();
    hub.subscribe('a', failing.failing);
    hub.subscribe('a', waiting.handlers);
    await settle();
    bus.setHealthy(false);
    expect(failing.errors.map((error) => error.message)).toEqual(['the event backplane is unavailable']);
    expect(hub.subscriberCounts()).toEqual({ a: 1 });
    bus.setHealthy(true);
    await hub.publish('a', 'x', 1);
    await settle();
    expect(failing.events).toEqual([]);
    expect(waiting.ids()).toEqual(['ep-1']);
  });

  it('reports a failed replay read to the error handler', async () => {
    const bus = new LossyBus(100);
    bus.range = async () => {
      throw new Error('connection lost');
    };
    const hub = new Hub(bus);
    const sub = recorder();
    hub.subscribe('a', sub.failing, 'ep-0');
    await settle();
    expect(sub.errors.map((error) => error.message)).toEqual(['connection lost']);
    expect(hub.subscriberCounts()).toEqual({});
  });

  it('without an error handler, a replay whose read failed completes once the backplane is back', async () => {
    const bus = new LossyBus(100);
    const hub = new Hub(bus);
    for (let i = 1; i <= 2; i++) await hub.publish('a', 'x', i);
    const range = bus.range.bind(bus);
    bus.range = async () => {
      throw new Error('connection lost');
    };
    const sub = recorder();
    hub.subscribe('a', sub.handlers, 'ep-0');
    await settle();
    await hub.publish('a', 'x', 3); // held while the replay is stuck
    expect(sub.events).toEqual([]);
    bus.range = range;
    bus.setHealthy(false);
    bus.setHealthy(true);
    await settle();
    expect(sub.ids()).toEqual(['ep-1', 'ep-2', 'ep-3']);
  });

  it('shares one read among subscribers resuming from the same cursor at the same time', async () => {
    const bus = new LossyBus(100);
    const hub = new Hub(bus);
    for (let i = 1; i <= 3; i++) await hub.publish('a', 'x', i);
    const subs = [recorder(), recorder(), recorder()];
    for (const sub of subs) hub.subscribe('a', sub.handlers, 'ep-1');
    await settle();
    expect(bus.ranges).toBe(1);
    for (const sub of subs) expect(sub.ids()).toEqual(['ep-2', 'ep-3']);
  });
});
