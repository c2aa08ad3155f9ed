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
});

describe('connection counter', () => {
  it('caps open connections per key and gives slots back once', () => {
    const counter = new ConnectionCounter(2);
    const first = counter.acquire('ip')!;
    const second = counter.acquire('ip')!;
    expect(counter.acquire('ip')).toBeUndefined();
    expect(counter.acquire('other')).toBeTypeOf('function');
    first();
    first();
    expect(counter.total()).toBe(2);
    expect(counter.acquire('ip')).toBeTypeOf('function');
    second();
  });
});
