import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/lib/realtime/in-flight.ts';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('in-flight work', () => {
  it('drains only once all tracked work, and work tracked meanwhile, has settled', async () => {
    const inFlight = new InFlight();
    const done: string[] = [];
    inFlight.track(later(30, 'a').then((value) => done.push(value)));
    inFlight.track(
      later(10, 'b').then((value) => {
        done.push(value);
        // A closing socket publishes its "leave" while shutdown is already waiting.
        inFlight.track(later(40, 'c').then((next) => done.push(next)));
      }),
    );
    await inFlight.drain();
    expect(done).toEqual(['b', 'a', 'c']);
    expect(inFlight.size).toBe(0);
  });

  it('logs a failure instead of failing the drain', async () => {
    const inFlight = new InFlight();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      inFlight.track(Promise.reject(new Error('bus down')));
      await inFlight.drain();
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});
