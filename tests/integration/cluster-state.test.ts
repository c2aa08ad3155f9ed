import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisLease } from '../../src/lib/realtime/cluster/leader-lease.ts';
import { RedisPresence } from '../../src/lib/realtime/cluster/presence.ts';
import { ChatRooms } from '../../src/lib/realtime/chat-room.ts';
import { readConfig } from '../../src/lib/realtime/config.ts';
import { parseCursor } from '../../src/lib/realtime/cursor.ts';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';
import { SharedLimiter } from '../../src/lib/realtime/limits/shared-rate-limiter.ts';
import { createRuntime, type RealtimeRuntime } from '../../src/lib/realtime/runtime.ts';
import { RedisBusPool, waitUntil } from '../support/redis-bus-factory.ts';
import { redisCommand, startRedisServer, type RedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
const pool = new RedisBusPool(() => redis.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  await pool.closeAll();
  await redisCommand(redis.port, 'FLUSHALL');
});
afterAll(async () => {
  await redis?.stop();
});

describe('ticker leader lease', () => {
  it('is held by one instance at a time, and another takes over within about 2 s when the holder dies', async () => {
    const connections = [pool.connect(), pool.connect(), pool.connect()];
    const leases = connections.map((connection, i) => new RedisLease({ connection, key: 'rl:lease:test', holder: `i${i}` }));
    await waitUntil(() => leases.some((lease) => lease.held), 'a leader');
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, leases.filter((lease) => lease.held).length)), 5);
    try {
      await sleep(1000);
      const leader = leases.findIndex((lease) => lease.held);
      // The holder dies without giving the lease up: its connection is gone, nobody renews.
      await connections[leader]!.close();
      const diedAt = performance.now();
      await waitUntil(() => leases.some((lease, i) => i !== leader && lease.held), 'a new leader', 5000);
      const takeoverMs = performance.now() - diedAt;
      expect(takeoverMs).toBeLessThan(2500);
      expect(leases[leader]!.held).toBe(false);
      await sleep(600);
      expect(most).toBe(1);
    } finally {
      clearInterval(sampler);
      await Promise.all(leases.map((lease) => lease.close()));
    }
  });

  it('makes three runtimes on one Redis publish one ticker between them, not one each', async () => {
    const runtimes: RealtimeRuntime[] = ['a', 'b', 'c'].map((id) =>
      createRuntime(readConfig({ REDIS_URL: redis.url, INSTANCE_ID: id, TICKER_INTERVAL_MS: '100' })),
    );
    try {
      await waitUntil(() => runtimes.every((runtime) => runtime.backplane.healthy), 'three healthy runtimes');
      const ticks: RealtimeEvent[] = [];
      runtimes[2]!.hub.subscribe('ticker', { onEvent: (event) => ticks.push(event) });
      await sleep(2000);
      // 2 s at one tick per 100 ms: about 20, where three leaders would make about 60.
      expect(ticks.length).toBeGreaterThanOrEqual(14);
      expect(ticks.length).toBeLessThanOrEqual(24);
      const seqs = ticks.map((event) => parseCursor(event.id)!.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
      expect(runtimes.map((runtime) => runtime.instanceId)).toEqual(['a', 'b', 'c']);
    } finally {
      for (const runtime of runtimes) await runtime.close();
    }
  });
});

describe('shared rate limits', () => {
  it('counts a client over every instance, not per instance', async () => {
    const limiters = [pool.connect(), pool.connect(), pool.connect()].map(
      (connection) => new SharedLimiter({ connection, keyPrefix: 'rl:rate:test:', capacity: 5, refillPerSecond: 0.01 }),
    );
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await limiters[i % 3]!.take('203.0.113.9'));
    expect(answers.filter(Boolean)).toHaveLength(5);
    expect(answers.slice(0, 5)).toEqual([true, true, true, true, true]);
    expect(await limiters[0]!.take('198.51.100.1')).toBe(true);
    // The bucket expires once it would be full again: bounded memory.
    const ttl = Number((await redisCommand(redis.port, 'PTTL rl:rate:test:203.0.113.9')).slice(1));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(500_000);
  });
});

describe('chat presence over instances', () => {
  it('counts members of every instance, and forgets a dead instance’s members after the TTL', async () => {
    const a = new RedisPresence({ connection: pool.connect(), instanceId: 'a', ttlMs: 600 });
    const deadConnection = pool.connect();
    const b = new RedisPresence({ connection: deadConnection, instanceId: 'b', ttlMs: 600 });
    expect(await a.join('lobby', 'c1')).toBe(1);
    expect(await b.join('lobby', 'c2')).toBe(2);
    expect(await b.join('lobby', 'c3')).toBe(3);
    await sleep(900); // longer than the TTL: renewals keep them
    expect(await a.count('lobby')).toBe(3);
    expect(await b.leave('lobby', 'c3')).toBe(2);
    await deadConnection.close(); // b dies without leaving
    await waitUntil(async () => (await a.count('lobby')) === 1, 'b’s member to expire', 3000);
    await a.close();
    expect(await redisCommand(redis.port, 'EXISTS rl:presence:{chat:lobby}')).toBe(':0');
  });

  it('announces joins with the head count over instances, seen from any instance', async () => {
    const [busA, busB] = [await pool.bus(), await pool.bus()];
    const [hubA, hubB] = [new Hub(busA), new Hub(busB)];
    const roomsA = new ChatRooms(hubA, { maxRooms: 5, presence: new RedisPresence({ connection: pool.connect(), instanceId: 'a' }) });
    const roomsB = new ChatRooms(hubB, { maxRooms: 5, presence: new RedisPresence({ connection: pool.connect(), instanceId: 'b' }) });
    const seenOnB: unknown[] = [];
    hubB.subscribe('chat:lobby', { onEvent: (event) => seenOnB.push(event.data) });
    await sleep(50);
    await roomsA.join('lobby', 'c1', 'Ada');
    await roomsB.join('lobby', 'c2', 'Grace');
    await roomsA.leave('lobby', 'c1', 'left');
    await waitUntil(() => seenOnB.length === 3, 'three chat events on B');
    expect(seenOnB).toEqual([
      { name: 'Ada', members: 1 },
      { name: 'Grace', members: 2 },
      { name: 'Ada', members: 1, reason: 'left' },
    ]);
    await roomsA.close();
    await roomsB.close();
    hubA.close();
    hubB.close();
  });
});

describe('a runtime on Redis when Redis restarts', () => {
  it('reports unhealthy, keeps running (no unhandled failure), and ticks again on a new epoch', async () => {
    const runtime = createRuntime(readConfig({ REDIS_URL: redis.url, INSTANCE_ID: 'solo', TICKER_INTERVAL_MS: '50' }));
    const health: boolean[] = [];
    runtime.backplane.onHealth((healthy) => health.push(healthy));
    try {
      await waitUntil(() => runtime.backplane.healthy, 'healthy');
      const ticks: RealtimeEvent[] = [];
      runtime.hub.subscribe('ticker', { onEvent: (event) => ticks.push(event) });
      await waitUntil(() => ticks.length >= 3, 'ticks');
      const oldEpoch = parseCursor(ticks[0]!.id)!.epoch;
      await redis.kill();
      await waitUntil(() => !runtime.backplane.healthy, 'unhealthy');
      expect(await runtime.publishLimiter.take('192.0.2.1')).toBe(true); // falls back to this instance's bucket
      await expect(runtime.hub.publish('notifications', 'notification', { text: 'lost' })).rejects.toThrow();
      await sleep(300);
      await redis.start();
      await waitUntil(() => runtime.backplane.healthy, 'healthy again');
      await waitUntil(() => ticks.some((event) => parseCursor(event.id)!.epoch !== oldEpoch), 'a tick on the new epoch', 5000);
      expect(health).toEqual([true, false, true]);
    } finally {
      await runtime.close();
    }
  });
});
