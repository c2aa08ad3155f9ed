import type { RealtimeEvent, ResetNotice } from '../../event.ts';
import type { Hub, ReadResult, Subscription, SubscriberHandlers } from '../../hub.ts';
import { waitForEvents, type LongPollWait } from './wait.ts';

/** How long a topic's shared subscription outlives its last answered poll, in ms: clients re-ask within a round trip of their answer. */
export const DEFAULT_LINGER_MS = 2000;

/** One held poll. */
interface Waiter {
  resolve(result: ReadResult | undefined): void;
}

/**
 * The held long polls of one process. Nearly every poll waits at the head of its topic: its client
 * re-asks with the cursor of its last answer. Those polls share one hub subscription per topic
 * and are answered together when the next events arrive, the way a bare server loops over its
 * held responses; a poll per subscription would cost each client a subscription, a replay read
 * and a set of closures on every round. A poll whose cursor is not the shared line's position
 * (it fell behind while the line moved on, or the line is still catching up) waits on its own
 * subscription instead, which replays from its cursor: the same answer, just not shared.
 */
export class WaitingRoom {
  readonly #hub: Hub;
  readonly #lingerMs: number;
  readonly #lines = new Map<string, TopicLine>();
  /** Aborted by close(): polls still reading, and those waiting on their own subscription, end with it. */
  readonly #closing = new AbortController();

  constructor(hub: Hub, options: { lingerMs?: number } = {}) {
    this.#hub = hub;
    this.#lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  }

  /** Same contract as waitForEvents: events after `since` at once, else the next ones; undefined at the timeout or abort. */
  async wait(wait: LongPollWait): Promise<ReadResult | undefined> {
    const first = await this.#hub.read(wait.topic, wait.since);
    if (first.events.length > 0 || first.reset) return first;
    if (wait.signal.aborted || this.#closing.signal.aborted) return undefined;
    let line = this.#lines.get(wait.topic);
    if (!line) {
      line = new TopicLine(this.#hub, wait.topic, first.cursor, this.#lingerMs, () => this.#lines.delete(wait.topic));
      this.#lines.set(wait.topic, line);
    }
    if (line.position !== first.cursor) {
      return waitForEvents(this.#hub, { ...wait, since: first.cursor, signal: AbortSignal.any([wait.signal, this.#closing.signal]) });
    }
    return line.hold(wait.timeoutMs, wait.signal);
  }

  /** Polls waiting on shared lines right now (the tests read it). */
  get waiting(): number {
    let count = 0;
    for (const line of this.#lines.values()) count += line.size;
    return count;
  }

  /** Topics with a shared subscription open right now. */
  get lines(): number {
    return this.#lines.size;
  }

  /** Answers every waiting poll with nothing (204), closes every shared subscription, and takes no new wait. */
  close(): void {
    this.#closing.abort();
    for (const line of [...this.#lines.values()]) line.close();
  }
}

/** The polls waiting at the head of one topic, and the subscription that answers them. */
class TopicLine implements SubscriberHandlers {
  /** The cursor the next events follow: the last event answered, or where the subscription started. */
  position: string;
  readonly #waiters = new Set<Waiter>();
  readonly #subscription: Subscription;
  readonly #lingerMs: number;
  readonly #onClosed: () => void;
  #pending: RealtimeEvent[] | undefined;
  #linger: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(hub: Hub, topic: string, position: string, lingerMs: number, onClosed: () => void) {
    this.position = position;
    this.#lingerMs = lingerMs;
    this.#onClosed = onClosed;
    // From `position`: anything published after the read that found it is replayed, so nothing falls in between.
    this.#subscription = hub.subscribe(topic, this, position);
  }

  get size(): number {
    return this.#waiters.size;
  }

  /** Holds one poll until the next events, the timeout, or the abort. */
  hold(timeoutMs: number, signal: AbortSignal): Promise<ReadResult | undefined> {
    clearTimeout(this.#linger);
    this.#linger = undefined;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve: (result) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.#waiters.delete(waiter);
          resolve(result);
          // Answered polls come straight back: keep the line for them. Polls that ended without an
          // answer (the client left, or the wait timed out) leave nothing to wait for: let it go now.
          if (this.#waiters.size === 0) {
            if (result) this.#lingerThenClose();
            else this.close();
          }
        },
      };
      const onAbort = (): void => waiter.resolve(undefined);
      const timer = setTimeout(onAbort, timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  onEvent(event: RealtimeEvent): void {
    if (this.#pending) {
      this.#pending.push(event);
      return;
    }
    // Events published together (a burst in one tick) are answered together.
    this.#pending = [event];
    queueMicrotask(() => this.#flush());
  }

  onReset(notice: ResetNotice): void {
    this.#answerAll({ events: [], cursor: notice.cursor, reset: notice });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#linger);
    this.#subscription.close();
    this.#onClosed();
    for (const waiter of [...this.#waiters]) waiter.resolve(undefined);
  }

  #flush(): void {
    const events = this.#pending!;
    this.#pending = undefined;
    this.#answerAll({ events, cursor: events.at(-1)!.id });
  }

  #answerAll(result: ReadResult): void {
    this.position = result.cursor;
    for (const waiter of [...this.#waiters]) waiter.resolve(result);
  }

  #lingerThenClose(): void {
    if (this.#closed) return;
    clearTimeout(this.#linger);
    this.#linger = setTimeout(() => {
      if (this.#waiters.size === 0) this.close();
    }, this.#lingerMs);
    this.#linger.unref();
  }
}
