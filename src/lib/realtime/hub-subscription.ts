import { formatCursor, parseCursor, type Cursor } from './cursor.ts';
import type { RealtimeEvent, ResetNotice } from './event.ts';

/** What a subscriber is told, in order: replayed events, or a reset, then live events. */
export interface SubscriberHandlers {
  onEvent(event: RealtimeEvent): void;
  onReset?(notice: ResetNotice): void;
  /** Called once the replay is done and the subscription is live; `replayed` counts the events replayed. */
  onLive?(info: { replayed: number; cursor: string }): void;
  /**
   * Called once when the subscription cannot go on because the backplane failed; it is closed then
   * (the transport ends its stream so the client resumes, maybe on another instance). Without it, the
   * subscription waits and catches up from the log when the backplane is back.
   */
  onError?(error: Error): void;
}

/** The result of reading a topic after a cursor (a poll). */
export type ReadResult =
  { events: RealtimeEvent[]; cursor: string; reset?: undefined } | { events: RealtimeEvent[]; cursor: string; reset: ResetNotice };

/** What a subscription needs from its hub: one object shared by every subscription of that hub. */
export interface SubscriptionOwner {
  /** Reads the log after `since`; `fresh` asks for a read that starts now, not one already in flight. */
  read(topic: string, since: string | undefined, fresh: boolean): Promise<ReadResult>;
  /** Most events one read returns. */
  readonly readLimit: number;
  /** The subscription closed: stop offering it events. */
  remove(subscription: LiveSubscription): void;
}

/**
 * One subscriber's position in a topic and the rule that keeps it gap-free: a live event is
 * delivered only when its seq is exactly one past the last delivered one. An older one is a
 * duplicate (replay and live overlap) and is dropped; a newer one, or one of another epoch, means
 * events were missed (a live message lost while the backplane was away): they are read from the
 * log and delivered first, or, when the log no longer has them, the subscriber gets a reset.
 */
export class LiveSubscription {
  readonly topic: string;
  readonly #owner: SubscriptionOwner;
  readonly #handlers: SubscriberHandlers;
  /** Where the subscriber asked to start; used until the first read fixes the position. */
  readonly #since: string | undefined;
  /** The last event delivered (or the head it started from); undefined until the first read. */
  #position: Cursor | undefined;
  /** Live events that arrived while the log was being read; delivered after it (made when first needed). */
  #held: RealtimeEvent[] | undefined;
  #reading = false;
  /** A read failed (backplane down): events are held until resync() reads again. */
  #stalled = false;
  #live = false;
  #closed = false;

  constructor(topic: string, handlers: SubscriberHandlers, owner: SubscriptionOwner, since: string | undefined) {
    this.topic = topic;
    this.#handlers = handlers;
    this.#owner = owner;
    this.#since = since;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Reads the replay (or the head), then goes live. `ready` (when the bus needs a round trip to
   * start live delivery) resolves once live events flow, so nothing falls between the read and them.
   */
  start(ready: Promise<void> | undefined): void {
    this.#reading = true;
    const failed = (error: unknown) => (this.#handlers.onError ? this.#fail(error) : this.#stall());
    if (ready) void ready.then(() => this.#catchUp(false), failed);
    else void this.#catchUp(false);
  }

  /** A live event of this topic from the bus, with its id already parsed (once for every subscriber). */
  offer(event: RealtimeEvent, cursor: Cursor): void {
    if (this.#closed) return;
    if (this.#reading) this.#hold(event);
    else this.#accept(event, undefined, cursor);
  }

  /** The backplane recovered: read whatever live delivery missed meanwhile. */
  resync(): void {
    if (this.#closed || (this.#reading && !this.#stalled)) return;
    this.#stalled = false;
    this.#reading = true;
    void this.#catchUp(false);
  }

  /** The backplane failed: subscribers that can handle it are told and closed; the others wait for resync. */
  backplaneDown(error: Error): boolean {
    if (this.#closed || !this.#handlers.onError) return false;
    this.#fail(error);
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#held = undefined;
    this.#owner.remove(this);
  }

  /**
   * `afterRead` says what the log just said about this event: 'read' (it was read), 'no-progress' (a
   * repair read that started after this event arrived found nothing past the position: the event
   * is from a log that no longer has it, a forgotten topic), or undefined (live, not read yet).
   */
  #accept(event: RealtimeEvent, afterRead?: 'read' | 'no-progress', cursor = parseCursor(event.id)): void {
    const position = this.#position;
    if (!cursor || !position) return;
    if (cursor.epoch === position.epoch) {
      if (cursor.seq <= position.seq) return;
      if (cursor.seq === position.seq + 1) return this.#deliver(event, cursor);
      if (afterRead === 'no-progress') return;
    } else if (afterRead) {
      // The log was just read and belongs to another epoch: this event is from a log that is gone.
      return;
    }
    this.#hold(event);
    this.#reading = true;
    void this.#catchUp(true);
  }

  /** Reads the log after the position until it is exhausted, then delivers what was held. */
  async #catchUp(repair: boolean): Promise<void> {
    let replayed = 0;
    const before = this.#position && formatCursor(this.#position);
    try {
      let cursor = this.#position ? formatCursor(this.#position) : this.#since;
      for (;;) {
        const result = await this.#owner.read(this.topic, cursor, repair);
        if (this.#closed) return;
        if (result.reset) this.#handlers.onReset?.(result.reset);
        this.#position = parseCursor(result.cursor) ?? this.#position;
        for (const event of result.events) this.#deliver(event, parseCursor(event.id)!);
        replayed += result.events.length;
        cursor = result.cursor;
        if (result.events.length < this.#owner.readLimit) break;
      }
    } catch (error) {
      if (this.#handlers.onError) this.#fail(error);
      else this.#stall();
      return;
    }
    this.#reading = false;
    if (!this.#live) {
      this.#live = true;
      this.#handlers.onLive?.({ replayed, cursor: formatCursor(this.#position!) });
    }
    const progressed = !repair || formatCursor(this.#position!) !== before;
    const held = this.#held ?? [];
    this.#held = undefined;
    for (let i = 0; i < held.length && !this.#closed; i++) {
      this.#accept(held[i]!, progressed ? 'read' : 'no-progress');
      if (this.#reading) {
        // That event started another read; the rest waits for it, ahead of anything newer.
        (this.#held ??= []).unshift(...held.slice(i + 1));
        return;
      }
    }
  }

  #deliver(event: RealtimeEvent, cursor: Cursor): void {
    if (this.#closed) return;
    this.#position = cursor;
    this.#handlers.onEvent(event);
  }

  #hold(event: RealtimeEvent): void {
    const held = (this.#held ??= []);
    held.push(event);
    // Held events are also in the log, so dropping the oldest only means reading them again.
    if (held.length > this.#owner.readLimit) held.shift();
  }

  /**
   * Stays in reading mode: live events are held (bounded) until resync() reads again, or close().
   * Not logged: the backplane logs its outage once, where thousands of subscribers would each log it.
   */
  #stall(): void {
    this.#stalled = true;
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.close();
    const failure = error instanceof Error ? error : new Error(String(error));
    if (this.#handlers.onError) this.#handlers.onError(failure);
    else console.error(`subscription to ${this.topic} failed`, failure);
  }
}
