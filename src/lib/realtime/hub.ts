import type { Bus } from './bus/bus.ts';
import { parseCursor, seqOf } from './cursor.ts';
import type { RealtimeEvent, ResetNotice } from './event.ts';

/** What a subscriber is told, in order: replayed events, or a reset, then live events. */
export interface SubscriberHandlers {
  onEvent(event: RealtimeEvent): void;
  onReset?(notice: ResetNotice): void;
  /** Called once the replay is done and the subscription is live; `replayed` counts the events replayed. */
  onLive?(info: { replayed: number; cursor: string }): void;
}

/** The result of reading a topic after a cursor (a poll). */
export type ReadResult =
  | { events: RealtimeEvent[]; cursor: string; reset?: undefined }
  | { events: RealtimeEvent[]; cursor: string; reset: ResetNotice };

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
  readonly #subscribers = new Map<string, Set<(event: RealtimeEvent) => void>>();
  readonly #stopListening: () => void;

  constructor(bus: Bus, options: HubOptions = {}) {
    this.#bus = bus;
    this.#readLimit = options.readLimit ?? 1000;
    this.#stopListening = bus.onEvent((event) => {
      for (const deliver of this.#subscribers.get(event.topic) ?? []) deliver(event);
    });
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
  async read(topic: string, since?: string): Promise<ReadResult> {
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
   * while the replay is being read are held back and delivered after it, each exactly once.
   */
  subscribe(topic: string, handlers: SubscriberHandlers, since?: string): Subscription {
    let closed = false;
    let live = false;
    let lastSeq = -1;
    const pending: RealtimeEvent[] = [];

    const deliver = (event: RealtimeEvent): void => {
      const seq = seqOf(event.id);
      if (seq <= lastSeq) return;
      lastSeq = seq;
      handlers.onEvent(event);
    };
    const listener = (event: RealtimeEvent): void => {
      if (closed) return;
      if (live) deliver(event);
      else pending.push(event);
    };
    this.#listenersOf(topic).add(listener);

    const start = async (): Promise<void> => {
      let replayed = 0;
      let cursor = since ?? (await this.#bus.head(topic));
      // A replay longer than one read continues from where the last read stopped.
      for (let more = since !== undefined; more && !closed; ) {
        const result = await this.read(topic, cursor);
        if (closed) return;
        if (result.reset) handlers.onReset?.(result.reset);
        for (const event of result.events) deliver(event);
        replayed += result.events.length;
        cursor = result.cursor;
        more = result.events.length === this.#readLimit;
      }
      if (closed) return;
      lastSeq = Math.max(lastSeq, seqOf(cursor));
      live = true;
      for (const event of pending.splice(0)) deliver(event);
      handlers.onLive?.({ replayed, cursor });
    };
    start().catch((error: unknown) => {
      console.error(`subscription to ${topic} failed`, error);
    });

    return {
      close: () => {
        if (closed) return;
        closed = true;
        pending.length = 0;
        const listeners = this.#subscribers.get(topic);
        listeners?.delete(listener);
        if (listeners?.size === 0) this.#subscribers.delete(topic);
      },
    };
  }

  /** Drops a short-lived topic's log once nobody needs it (see RaceFeeds). */
  forget(topic: string): Promise<void> {
    return this.#bus.forget(topic);
  }

  /** Starts a short-lived topic (a race) before its first event, so `exists` finds it at once. */
  open(topic: string): Promise<void> {
    return this.#bus.open(topic);
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
    this.#subscribers.clear();
  }

  #listenersOf(topic: string): Set<(event: RealtimeEvent) => void> {
    let set = this.#subscribers.get(topic);
    if (!set) {
      set = new Set();
      this.#subscribers.set(topic, set);
    }
    return set;
  }
}
