import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { TickerFeed, type PriceUpdate } from '../../src/lib/realtime/feeds/ticker.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';

/** A fixed sequence of "random" numbers, cycled. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('ticker feed', () => {
  it('publishes one price update per tick on the ticker topic, moving the price by the random step', async () => {
    const hub = new Hub(new MemoryBus({ epoch: 't' }));
    // First number picks the symbol (0.6 of 2 symbols → the second), the second moves it: (1 - 0.5) * 2 % = +1 %.
    const ticker = new TickerFeed(hub, { prices: { AAA: 10, BBB: 200 }, random: sequence(0.6, 1) });
    await ticker.tick();
    const { events } = await hub.read('ticker', 't-0');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: 't-1', topic: 'ticker', type: 'price', data: { symbol: 'BBB', price: 202, change: 2 } });
  });

  it('walks from the last price, never below one cent', async () => {
    const hub = new Hub(new MemoryBus({ epoch: 't' }));
    const ticker = new TickerFeed(hub, { prices: { LOW: 0.01 }, random: sequence(0, 0) });
    for (let i = 0; i < 3; i++) await ticker.tick();
    const prices = (await hub.read('ticker', 't-0')).events.map((event) => (event.data as PriceUpdate).price);
    expect(prices).toEqual([0.01, 0.01, 0.01]);
  });

  it('resumes from the prices in the log, as a new ticker leader does', async () => {
    const hub = new Hub(new MemoryBus({ epoch: 't' }));
    const first = new TickerFeed(hub, { prices: { AAA: 10, BBB: 200 }, random: sequence(0.6, 1) });
    await first.tick(); // BBB 200 → 202
    const second = new TickerFeed(hub, { prices: { AAA: 10, BBB: 200 }, random: sequence(0.6, 0.5) });
    await second.resume();
    await second.tick(); // BBB unchanged from 202, not from its own 200
    const { events } = await hub.read('ticker', 't-1');
    expect(events[0]?.data).toEqual({ symbol: 'BBB', price: 202, change: 0 });
  });
});
