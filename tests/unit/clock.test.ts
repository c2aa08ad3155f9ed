import { describe, expect, it } from 'vitest';
import { estimateOffset, latencySince } from '../../src/client/clock.ts';

describe('clock offset', () => {
  it('takes the offset from the midpoint of the round trip', () => {
    // Sent at 1000, answered at 1010 browser time; the server said 5005 → it is 4000 ms ahead.
    expect(estimateOffset([{ sentAt: 1000, serverNow: 5005, receivedAt: 1010 }])).toEqual({ offsetMs: 4000, rttMs: 10 });
  });

  it('keeps the sample with the shortest round trip', () => {
    const samples = [
      { sentAt: 0, serverNow: 80, receivedAt: 100 }, // rtt 100, offset 30
      { sentAt: 200, serverNow: 198, receivedAt: 204 }, // rtt 4, offset -4
      { sentAt: 300, serverNow: 330, receivedAt: 320 }, // rtt 20, offset 20
    ];
    expect(estimateOffset(samples)).toEqual({ offsetMs: -4, rttMs: 4 });
  });

  it('refuses to estimate from nothing', () => {
    expect(() => estimateOffset([])).toThrow('no clock samples');
  });

  it('converts a server timestamp to browser time before measuring latency', () => {
    // Server is 4000 ms ahead; an event stamped 9000 server time happened at 5000 browser time.
    expect(latencySince(9000, 4000, 5030)).toBe(30);
  });
});
