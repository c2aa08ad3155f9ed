import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../src/server/cluster/cluster.ts';
import { eventually } from '../../support/clients.ts';
import { clusterLoadEnv } from '../../support/cluster-env.ts';
import { keepPublishing } from '../../support/publisher.ts';
import { parseCursor } from '../../../src/lib/realtime/cursor.ts';
import { getPoll } from '../../support/polling-clients.ts';
import { gapsAndDuplicates, ResumingEventSource, ResumingWebSocket, type Received } from '../../support/resuming-clients.ts';

// Three instances behind nginx; their Redis is stopped and started again (empty: nothing is persisted) under load.
let cluster: Cluster;
const unexpectedExits: string[] = [];
beforeAll(async () => {
  cluster = await startCluster({
    instances: 3,
    env: clusterLoadEnv(100),
    onUnexpectedExit: (name, how) => unexpectedExits.push(`${name} ${how}`),
  });
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

/**
 * A long-polling client that keeps asking after its last cursor, and when a request fails (Redis
 * away: 503, or a dropped connection) waits a moment and asks again with the same cursor.
 */
class ResumingLongPoll {
  readonly timeline: Received[] = [];
  #stopped = false;
  readonly #controller = new AbortController();
  readonly done: Promise<void>;

  constructor(base: string, topic: string, since: string) {
    this.done = this.#loop(base, topic, since);
  }

  events() {
    return this.timeline.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
  }

  close(): void {
    this.#stopped = true;
    this.#controller.abort();
  }

  async #loop(base: string, topic: string, since: string): Promise<void> {
    let cursor = since;
    while (!this.#stopped) {
      try {
        const { status, body } = await getPoll(base, `/api/long-poll?topic=${topic}&since=${cursor}&timeout=2`, this.#controller.signal);
        if ((status === 200 || status === 204) && body) {
          if (body.reset) this.timeline.push({ kind: 'reset', reset: body.reset });
          for (const event of body.events) this.timeline.push({ kind: 'event', event });
          cursor = body.cursor;
          continue;
        }
        if (status === 200 || status === 204) continue;
      } catch {
        if (this.#stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const healthStatuses = (): Promise<number[]> =>
  Promise.all(cluster.instances.map(async (instance) => (await fetch(`${instance.url}/api/health`).catch(() => undefined))?.status ?? 0));

describe('Redis restarted under load', () => {
  it('keeps every instance running, /api/health goes 503 and back to 200, every client ends with every event or an explicit reset', async () => {
    const redis = cluster.redis!;
    const sources = Array.from({ length: 10 }, () => new ResumingEventSource(cluster.url, 'notifications'));
    await Promise.all(sources.map((source) => source.live()));
    const sockets = await Promise.all(Array.from({ length: 10 }, () => ResumingWebSocket.open(cluster.url, 'notifications')));
    const head = (await getPoll(cluster.url, '/api/poll?topic=notifications')).body!.cursor;
    const polls = Array.from({ length: 5 }, () => new ResumingLongPoll(cluster.url, 'notifications', head));
    const clients = [...sources, ...sockets, ...polls];

    const publisher = keepPublishing(cluster.instances[0]!.url, 10);
    await eventually(() => publisher.accepted.length >= 10, 5000, 'ten events before the restart');
    await redis.stop();
    await eventually(async () => (await healthStatuses()).every((status) => status === 503), 10_000, 'every instance to report 503');
    const acceptedWhileDown = publisher.accepted.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(publisher.accepted.length).toBe(acceptedWhileDown);
    await redis.start();
    await eventually(async () => (await healthStatuses()).every((status) => status === 200), 10_000, 'every instance to report 200 again');
    const recovered = publisher.accepted.length;
    await eventually(() => publisher.accepted.length >= recovered + 20, 10_000, 'twenty events after the restart');
    const ids = await publisher.stop();
    const last = ids.at(-1)!;

    // A client is done when it holds the last event, or was told to reset to it (it resumed, with a
    // cursor of the lost epoch, only after the last publish).
    const position = (client: (typeof clients)[number]) => {
      const item = client.timeline.at(-1);
      return item?.kind === 'event' ? item.event.id : item?.reset.cursor;
    };
    const lagging = () =>
      clients
        .map((client, index) => `${client.constructor.name}#${index} at ${position(client)} (${client.timeline.length} items)`)
        .filter((_, index) => position(clients[index]!) !== last);
    await eventually(() => lagging().length === 0, 15_000, `every client to reach ${last}`).catch((error: unknown) => {
      throw new Error(`${String(error)}; behind: ${lagging().join(', ')}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive in this time
    for (const client of clients) expect(gapsAndDuplicates(client.timeline)).toEqual([]);
    // Redis came back empty, so its counters restarted at 0 under a new epoch: every client was told so.
    expect(parseCursor(ids[0]!)!.epoch).not.toBe(parseCursor(last)!.epoch);
    for (const client of clients) expect(client.timeline.some((item) => item.kind === 'reset')).toBe(true);
    // While Redis was away publishes were refused with 503 (never accepted and lost).
    expect(publisher.refused.length).toBeGreaterThan(0);
    expect(new Set(publisher.refused)).toEqual(new Set([503]));
    // Only Redis, stopped on purpose, may have exited.
    expect(unexpectedExits.filter((exit) => !exit.startsWith('redis'))).toEqual([]);
    for (const instance of cluster.instances) expect(instance.process.done).toBe(false);
    for (const client of clients) client.close();
    await Promise.all(polls.map((poll) => poll.done));
  });
});
