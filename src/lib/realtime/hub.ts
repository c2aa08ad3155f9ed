import type { Bus } from './bus/bus.ts';
import { parseCursor } from './cursor.ts';
import type { RealtimeEvent } from './event.ts';
import { LiveSubscription, type ReadResult, type SubscriberHandlers, type SubscriptionOwner } from './hub-subscription.ts';

export type { ReadResult, SubscriberHandlers } from './hub-subscription.ts';

/** A live subscription; `close` stops it (safe to call twice). */
export interface Subscription {
  close(): void;
}

/** Options for the hub. */
export interface HubOptions {
  /** Most events replayed to one subscriber or returned by one read. Default 1000. */
  readLimit?: number;
}

/**
 * Topics, replay and fan-out on top of a bus. Every transport goes through here, so they all
 * deliver the same events with the same ids, and resume the same way.
 */
export class Hub {
  readonly #bus: Bus;
  readonly #readLimit: number;
  readonly #subscribers = new Map<string, Set<LiveSubscription>>();
  /** Per watched topic, what `bus.watch` returned: new subscribers wait for it before reading. */
  readonly #watches = new Map<string, Promise<void> | undefined>();
  /** Reads in flight, by topic and cursor: subscribers resuming from the same place share one. */
  readonly #reads = new Map<string, Promise<ReadResult>>();
  readonly #stopListening: () => void;
  readonly #stopHealth: () => void;
  /** What every subscription of this hub reads and reports through: one object, not closures per subscription. */
  readonly #owner: SubscriptionOwner;

  constructor(bus: Bus, options: HubOptions = {}) {
    this.#bus = bus;
    this.#readLimit = options.readLimit ?? 1000;
    this.#owner = {
      // A gap repair reads afresh: a shared read begun before the missing event could lack it.
      read: (topic, since, fresh) => (fresh ? this.#readOnce(topic, since) : this.read(topic, since)),
      readLimit: this.#readLimit,
      remove: (subscription) => this.#remove(subscription),
    };
    this.#stopListening = bus.onEvent((event) => {
      const subscribers = this.#subscribers.get(event.topic);
      if (!subscribers) return;
      // Parsed once here rather than once per subscriber: a busy topic has thousands.
      const cursor = parseCursor(event.id);
      if (!cursor) return;
      for (const subscription of subscribers) subscription.offer(event, cursor);
    });
    this.#stopHealth = bus.onHealth((healthy) => this.#backplaneChanged(healthy));
  }

  /** Publishes one event; resolves with it once the bus has numbered it. */
  publish(topic: string, type: string, data: unknown): Promise<RealtimeEvent> {
    return this.#bus.append(topic, type, data, Date.now());
  }

  /** The id of the topic's latest event (the cursor for "only what comes next"). */
  head(topic: string): Promise<string> {
    return this.#bus.head(topic);
  }

  /**
   * Events after `since`, at most the read limit. Without `since`: none, and the head as cursor.
   * An unusable cursor gives a reset notice and the head, never a silent gap.
   */
  read(topic: string, since?: string): Promise<ReadResult> {
    // "Only what comes next" is one look at the head: nothing to share between readers.
    if (since === undefined) return this.#bus.head(topic).then((cursor) => ({ events: [], cursor }));
    const key = `${topic}\n${since ?? ''}`;
    let reading = this.#reads.get(key);
    if (!reading) {
      reading = this.#readOnce(topic, since).finally(() => this.#reads.delete(key));
      this.#reads.set(key, reading);
    }
    return reading;
  }

  async #readOnce(topic: string, since: string | undefined): Promise<ReadResult> {
    if (since === undefined) return { events: [], cursor: await this.#bus.head(topic) };
    const after = parseCursor(since);
    if (!after) {
      const cursor = await this.#bus.head(topic);
      return { events: [], cursor, reset: { topic, reason: 'invalid', cursor } };
    }
    const result = await this.#bus.range(topic, after, this.#readLimit);
    if (!result.ok) return { events: [], cursor: result.head, reset: { topic, reason: result.reason, cursor: result.head } };
    const last = result.events.at(-1);
    return { events: result.events, cursor: last ? last.id : since };
  }

  /**
   * Live events of a topic, after replaying those since `since` (when given). Events published
   * while the replay is being read are held back and delivered after it, each exactly once; a gap
   * in live delivery is filled from the log (see LiveSubscription).
   */
  subscribe(topic: string, handlers: SubscriberHandlers, since?: string): Subscription {
    const subscription = new LiveSubscription(topic, handlers, this.#owner, since);
    const ready = this.#watch(topic);
    this.#subscribers.get(topic)!.add(subscription);
    subscription.start(ready);
    return subscription;
  }

  /** Drops a short-lived topic's log once nobody needs it (see RaceFeeds). */
  forget(topic: string): Promise<void> {
    return this.#bus.forget(topic);
  }

  /** Starts a short-lived topic (a race) before its first event, so `exists` finds it at once. */
  open(topic: string, lifetimeMs?: number): Promise<void> {
    return this.#bus.open(topic, lifetimeMs);
  }

  /** Whether a topic was started and not forgotten, in any process sharing the bus; creates nothing. */
  exists(topic: string): Promise<boolean> {
    return this.#bus.exists(topic);
  }

  /** Open subscriptions per topic; the tests use it to prove that leaving clients are released. */
  subscriberCounts(): Record<string, number> {
    return Object.fromEntries([...this.#subscribers].map(([topic, set]) => [topic, set.size]));
  }

  close(): void {
    this.#stopListening();
    this.#stopHealth();
    for (const topic of this.#subscribers.keys()) this.#bus.unwatch(topic);
    this.#subscribers.clear();
    this.#watches.clear();
  }

  /** The first subscriber of a topic makes the bus watch it. */
  #watch(topic: string): Promise<void> | undefined {
    if (!this.#subscribers.has(topic)) {
      this.#subscribers.set(topic, new Set());
      const watching = this.#bus.watch(topic);
      this.#watches.set(topic, watching);
      // A failed watch fails the subscribers waiting on it; the bus keeps trying on its own, and
      // later subscribers no longer wait (gap repair covers what falls in between).
      watching?.catch(() => {
        if (this.#watches.get(topic) === watching) this.#watches.set(topic, undefined);
      });
    }
    return this.#watches.get(topic);
  }

  /** The last subscriber of a topic leaving makes the bus stop watching it. */
  #remove(subscription: LiveSubscription): void {
    const set = this.#subscribers.get(subscription.topic);
    if (!set?.delete(subscription) || set.size > 0) return;
    this.#subscribers.delete(subscription.topic);
    this.#watches.delete(subscription.topic);
    this.#bus.unwatch(subscription.topic);
  }

  #backplaneChanged(healthy: boolean): void {
    const subscriptions = [...this.#subscribers.values()].flatMap((set) => [...set]);
    if (healthy) {
      for (const subscription of subscriptions) subscription.resync();
    } else {
      const error = new Error('the event backplane is unavailable');
      for (const subscription of subscriptions) subscription.backplaneDown(error);
    }
  }
}
