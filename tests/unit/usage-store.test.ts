import { describe, expect, it } from 'vitest';
import { UsageStore, type WireBytes } from '../../src/lib/realtime/usage/usage-store.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('usage store', () => {
  it('adds up finished exchanges per session and per route', () => {
    const store = new UsageStore();
    store.add('session-a', '/api/poll', { received: 300, sent: 420 });
    store.add('session-a', '/api/poll', { received: 310, sent: 180 });
    store.add('session-a', '/api/long-poll', { received: 330, sent: 0 });
    store.add('session-b', '/api/poll', { received: 1, sent: 2 });
    expect(store.snapshot('session-a')).toEqual({
      session: 'session-a',
      requests: 3,
      received: 940,
      sent: 600,
      open: 0,
      routes: {
        '/api/poll': { requests: 2, received: 610, sent: 600 },
        '/api/long-poll': { requests: 1, received: 330, sent: 0 },
      },
    });
    expect(store.snapshot('session-b')).toMatchObject({ requests: 1, received: 1, sent: 2 });
    expect(store.snapshot('never-seen')).toBeUndefined();
  });

  it('counts an open request at once and includes the bytes it has moved so far', () => {
    const store = new UsageStore();
    let soFar: WireBytes = { received: 250, sent: 0 };
    const end = store.begin('held-session', '/api/long-poll', () => soFar);
    expect(store.snapshot('held-session')).toMatchObject({ requests: 1, received: 250, sent: 0, open: 1 });
    soFar = { received: 250, sent: 90 };
    expect(store.snapshot('held-session')).toMatchObject({ requests: 1, received: 250, sent: 90, open: 1 });
    end({ received: 250, sent: 400 });
    end({ received: 999, sent: 999 }); // a second end is ignored
    expect(store.snapshot('held-session')).toEqual({
      session: 'held-session',
      requests: 1,
      received: 250,
      sent: 400,
      open: 0,
      routes: { '/api/long-poll': { requests: 1, received: 250, sent: 400 } },
    });
  });

  it('forgets the least recently active session when full', () => {
    const store = new UsageStore({ maxSessions: 2 });
    store.add('session-1', '/r', { received: 1, sent: 1 });
    store.add('session-2', '/r', { received: 1, sent: 1 });
    store.add('session-1', '/r', { received: 1, sent: 1 }); // session-2 is now the least recent
    store.add('session-3', '/r', { received: 1, sent: 1 });
    expect(store.size).toBe(2);
    expect(store.snapshot('session-2')).toBeUndefined();
    expect(store.snapshot('session-1')).toMatchObject({ requests: 2 });
    expect(store.snapshot('session-3')).toMatchObject({ requests: 1 });
  });

  it('forgets idle sessions, but not one with a request still open', () => {
    const time = clock();
    const store = new UsageStore({ idleMs: 60_000, now: time.now });
    store.add('idle-session', '/r', { received: 5, sent: 5 });
    const end = store.begin('open-session', '/r', () => ({ received: 7, sent: 0 }));
    time.advance(60_000);
    expect(store.snapshot('idle-session')).toBeUndefined();
    expect(store.snapshot('open-session')).toMatchObject({ requests: 1, received: 7, open: 1 });
    store.add('new-session', '/r', { received: 1, sent: 1 });
    expect(store.size).toBe(2); // the idle one was dropped when the new one arrived
    end({ received: 7, sent: 3 });
    expect(store.snapshot('open-session')).toMatchObject({ requests: 1, received: 7, sent: 3, open: 0 });
  });

  it('still counts a request whose session was evicted while it was open', () => {
    const store = new UsageStore({ maxSessions: 1 });
    const end = store.begin('first-session', '/r', () => ({ received: 10, sent: 0 }));
    store.add('other-session', '/r', { received: 1, sent: 1 }); // evicts first-session
    expect(store.snapshot('first-session')).toBeUndefined();
    end({ received: 10, sent: 20 });
    expect(store.snapshot('first-session')).toMatchObject({ requests: 1, received: 10, sent: 20, open: 0 });
  });

  it('keeps at most maxRoutesPerSession routes, the rest under "other"', () => {
    const store = new UsageStore({ maxRoutesPerSession: 3 });
    for (const route of ['/a', '/b', '/c', '/d', '/a']) store.add('many-routes', route, { received: 1, sent: 1 });
    expect(store.snapshot('many-routes')!.routes).toEqual({
      '/a': { requests: 2, received: 2, sent: 2 },
      '/b': { requests: 1, received: 1, sent: 1 },
      other: { requests: 2, received: 2, sent: 2 },
    });
  });
});
