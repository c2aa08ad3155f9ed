import { describe, expect, it } from 'vitest';
import { ConnectionCounter } from '../../src/lib/realtime/limits/connection-counter.ts';
import { RateLimiter } from '../../src/lib/realtime/limits/rate-limiter.ts';

describe('rate limiter', () => {
  it('allows a burst, refuses past it, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 1, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now = 999;
    expect(limiter.take('a')).toBe(false);
    now = 1000;
    expect(limiter.take('a')).toBe(true);
  });

  it('forgets full buckets past its key bound, without changing any answer', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, maxKeys: 100, now: () => now });
    for (let i = 0; i < 100; i++) limiter.take(`old-${i}`);
    expect(limiter.size).toBe(100);
    // Two seconds on, every old bucket is full again: they carry nothing and make room.
    now = 2000;
    limiter.take('new-1');
    expect(limiter.size).toBe(1);
    expect([limiter.take('new-1'), limiter.take('new-1')]).toEqual([true, false]);
  });

  it('stays within its bound when many keys spend at once, dropping the least recently used', () => {
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, maxKeys: 100, now: () => 0 });
    limiter.take('kept');
    limiter.take('kept');
    for (let i = 0; i < 1000; i++) {
      limiter.take(`address-${i}`);
      // The key in use keeps its state: it is the most recently used, never the one dropped.
      if (i % 50 === 0) expect(limiter.take('kept')).toBe(false);
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
  });
});

describe('connection counter', () => {
  const slot = (admission: ReturnType<ConnectionCounter['acquire']>): (() => void) => {
    if (!admission.ok) throw new Error(`refused: ${admission.limit}`);
    return admission.release;
  };

  it('caps open connections per key and gives slots back once', () => {
    const counter = new ConnectionCounter(2);
    const first = slot(counter.acquire('ip'));
    const second = slot(counter.acquire('ip'));
    expect(counter.acquire('ip')).toEqual({ ok: false, limit: 'address' });
    const other = slot(counter.acquire('other'));
    first();
    first();
    expect(counter.total()).toBe(2);
    slot(counter.acquire('ip'))();
    second();
    other();
    expect(counter.total()).toBe(0);
    expect(counter.keys).toBe(0);
  });

  it('refuses past the process-wide cap whatever the key, and admits again once a slot is back', () => {
    const counter = new ConnectionCounter(1, 2);
    const held = [slot(counter.acquire('a')), slot(counter.acquire('b'))];
    expect(counter.acquire('c')).toEqual({ ok: false, limit: 'server' });
    // When both caps apply the per-address answer wins, so a client learns its own limit first.
    expect(counter.acquire('a')).toEqual({ ok: false, limit: 'address' });
    held[1]!();
    expect(counter.acquire('c').ok).toBe(true);
  });
});
