import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCursor } from '../../src/lib/realtime/cursor.ts';
import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';
import { describeBus } from '../support/bus-contract.ts';
import { RedisBusPool, waitUntil } from '../support/redis-bus-factory.ts';
import { redisCommand, startRedisServer, type RedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
const pool = new RedisBusPool(() => redis.url);

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await pool.closeAll();
  await redis?.stop();
});

describeBus('redis', {
  async create({ replayLimit }) {
    await redisCommand(redis.port, 'FLUSHALL');
    return pool.bus(replayLimit);
  },
  cleanup: () => pool.closeAll(),
});

const seqs = (events: RealtimeEvent[]) => events.map((event) => parseCursor(event.id)!.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('redis bus across instances', () => {
  afterEach(() => pool.closeAll());

  it('delivers every event, in order, to two instances while both publish', async () => {
    await redisCommand(redis.port, 'FLUSHALL');
    const [a, b] = [await pool.bus(), await pool.bus()];
    const seen: Record<'a' | 'b', RealtimeEvent[]> = { a: [], b: [] };
    a.onEvent((event) => seen.a.push(event));
    b.onEvent((event) => seen.b.push(event));
    await Promise.all([a.watch('t'), b.watch('t')]);
    const published = await Promise.all(oneTo(40).map((i) => (i % 2 ? a : b).append('t', 'x', i, i)));
    expect(published.map((event) => parseCursor(event.id)!.seq).sort((x, y) => x - y)).toEqual(oneTo(40));
    await waitUntil(() => seen.a.length === 40 && seen.b.length === 40, '40 events on both');
    expect(seqs(seen.a)).toEqual(oneTo(40));
    expect(seen.b).toEqual(seen.a);
  });

  it('reads only the topics it watches', async () => {
    const [a, b] = [await pool.bus(), await pool.bus()];
    const seen: string[] = [];
    b.onEvent((event) => seen.push(event.topic));
    await b.watch('mine');
    await a.append('other', 'x', 1, 1);
    await a.append('mine', 'x', 1, 1);
    await waitUntil(() => seen.length === 1, 'the watched event');
    b.unwatch('mine');
    await waitUntil(async () => (await redisCommand(redis.port, 'PUBSUB CHANNELS')) === '*0', 'no channel left');
    expect(seen).toEqual(['mine']);
  });

  it('resumes on one instance from a cursor given out by another', async () => {
    const [a, b] = [await pool.bus(), await pool.bus()];
    const events = [];
    for (let i = 1; i <= 5; i++) events.push(await a.append('resume', 'x', i, i));
    const cursor = parseCursor(events[1]!.id)!;
    expect(await b.range('resume', cursor, 100)).toEqual({ ok: true, events: events.slice(2), head: events[4]!.id });
    expect(await b.head('resume')).toBe(events[4]!.id);
  });

  it('gives a topic opened with a lifetime an expiry on its counter and its stream; other topics keep theirs for good', async () => {
    const bus = await pool.bus();
    await bus.open('race:short', 60_000);
    await bus.append('race:short', 'race', 1, 1);
    await bus.append('race:short', 'race', 2, 2);
    for (const key of ['rl:{race:short}:seq', 'rl:{race:short}:log']) {
      const ttl = Number((await redisCommand(redis.port, `PTTL ${key}`)).slice(1));
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    await bus.append('forever', 'x', 1, 1);
    expect(await redisCommand(redis.port, 'PTTL rl:{forever}:seq')).toBe(':-1');
    expect(await redisCommand(redis.port, 'PTTL rl:{forever}:log')).toBe(':-1');
    // A topic whose process died before forgetting it goes whole when its time is up.
    await bus.open('race:gone', 200);
    await bus.append('race:gone', 'race', 1, 1);
    await waitUntil(async () => (await bus.exists('race:gone')) === false, 'the race topic to expire');
    expect(await redisCommand(redis.port, 'EXISTS rl:{race:gone}:log')).toBe(':0');
  });

  it('writes no key when a topic is only read', async () => {
    await redisCommand(redis.port, 'FLUSHALL');
    const bus = await pool.bus();
    const keysBefore = await redisCommand(redis.port, 'DBSIZE');
    expect(keysBefore).toBe(':1'); // the shared epoch
    const epoch = parseCursor(await bus.head('ghost'))!.epoch;
    await bus.range('ghost', { epoch, seq: 0 }, 10);
    await bus.range('ghost', { epoch, seq: 5 }, 10);
    await bus.watch('ghost');
    expect(await redisCommand(redis.port, 'DBSIZE')).toBe(':1');
  });

  it('does not forget a topic another instance still watches', async () => {
    const [a, b] = [await pool.bus(), await pool.bus()];
    const event = await a.append('room', 'x', 1, 1);
    await b.watch('room');
    await a.forget('room');
    expect(await b.head('room')).toBe(event.id);
    b.unwatch('room');
    await waitUntil(async () => (await redisCommand(redis.port, 'PUBSUB CHANNELS')) === '*0', 'b to stop watching');
    await a.forget('room');
    expect(parseCursor(await b.head('room'))!.seq).toBe(0);
  });

  it('repairs events a subscriber missed while its pub/sub connection was down', async () => {
    const [a, b] = [await pool.bus(), await pool.bus()];
    const hub = new Hub(b);
    const received: RealtimeEvent[] = [];
    hub.subscribe('repair', { onEvent: (event) => received.push(event) });
    await waitUntil(() => hub.subscriberCounts().repair === 1, 'subscribed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await a.append('repair', 'x', 1, 1);
    await waitUntil(() => received.length === 1, 'first event');
    // Cut every pub/sub connection: events published now are lost live and must come from the stream.
    await redisCommand(redis.port, 'CLIENT KILL TYPE pubsub');
    for (let i = 2; i <= 6; i++) await a.append('repair', 'x', i, i).catch(() => undefined);
    await waitUntil(() => received.length === 6, 'all six events');
    expect(seqs(received)).toEqual(oneTo(6));
    hub.close();
  });

  it('survives Redis restarting empty: errors, no crash, then a new epoch and resets for old cursors', async () => {
    const [a, b] = [await pool.bus(), await pool.bus()];
    const hub = new Hub(b);
    const received: RealtimeEvent[] = [];
    const resets: ResetNotice[] = [];
    const health: boolean[] = [];
    b.onHealth((healthy) => health.push(healthy));
    hub.subscribe('restart', { onEvent: (event) => received.push(event), onReset: (notice) => resets.push(notice) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = await a.append('restart', 'x', 'before', 1);
    await waitUntil(() => received.length === 1, 'the event before');

    await redis.kill();
    await expect(a.append('restart', 'x', 'during', 2)).rejects.toThrow();
    await expect(b.range('restart', parseCursor(before.id)!, 10)).rejects.toThrow();
    await waitUntil(() => !b.healthy && !a.healthy, 'both unhealthy');

    await redis.start();
    await waitUntil(() => a.healthy && b.healthy, 'both healthy again');
    expect(health).toEqual([false, true]);
    const after = await a.append('restart', 'x', 'after', 3);
    const oldEpoch = parseCursor(before.id)!.epoch;
    expect(parseCursor(after.id)).toEqual({ epoch: expect.not.stringMatching(`^${oldEpoch}$`), seq: 1 });
    // The old cursor is foreign to the new log: an explicit `unknown`, never a silent match.
    expect(await b.range('restart', parseCursor(before.id)!, 10)).toEqual({ ok: false, reason: 'unknown', head: after.id });
    await waitUntil(() => resets.length === 1, 'the live subscriber reset');
    const reset = parseCursor(resets[0]!.cursor)!;
    expect(resets[0]).toMatchObject({ topic: 'restart', reason: 'unknown' });
    expect(reset.epoch).toBe(parseCursor(after.id)!.epoch);
    await a.append('restart', 'x', 'after 2', 4);
    // After the reset, delivery goes on from its cursor: 'after' too if the reset came before it.
    const expected = ['before', ...(reset.seq === 0 ? ['after'] : []), 'after 2'];
    await waitUntil(() => received.length === expected.length, 'live again');
    expect(received.map((event) => event.data)).toEqual(expected);
    hub.close();
  });
});
