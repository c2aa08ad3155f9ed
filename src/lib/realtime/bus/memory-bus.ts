import { formatCursor, newEpoch, type Cursor } from '../cursor.ts';
import type { RealtimeEvent } from '../event.ts';
import type { Bus, RangeResult } from './bus.ts';

interface TopicLog {
  /** seq of the latest event; 0 before the first. */
  seq: number;
  /** Retained events, oldest first; events[i] has seq `seq - events.length + 1 + i`. */
  events: RealtimeEvent[];
}

/** What a topic nobody opened or published to reads as; never stored, so reads keep nothing. */
const EMPTY_LOG: Readonly<TopicLog> = Object.freeze({ seq: 0, events: [] });

/** Options for the in-memory bus. */
export interface MemoryBusOptions {
  /** Events kept per topic for replay. Default 1000. */
  replayLimit?: number;
  /** Names this log in cursors. Default: a fresh value per bus, so ids from another run are foreign. */
  epoch?: string;
}

/** The single-process bus: ids, a bounded replay log per topic and listeners, all in memory. */
export class MemoryBus implements Bus {
  readonly epoch: string;
  readonly #replayLimit: number;
  readonly #topics = new Map<string, TopicLog>();
  readonly #listeners = new Set<(event: RealtimeEvent) => void>();

  constructor(options: MemoryBusOptions = {}) {
    this.#replayLimit = options.replayLimit ?? 1000;
    this.epoch = options.epoch ?? newEpoch();
  }

  async append(topic: string, type: string, data: unknown, ts: number): Promise<RealtimeEvent> {
    const log = this.#log(topic);
    log.seq += 1;
    const event: RealtimeEvent = { id: formatCursor({ epoch: this.epoch, seq: log.seq }), topic, type, data, ts };
    log.events.push(event);
    if (log.events.length > this.#replayLimit) log.events.shift();
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  async range(topic: string, after: Cursor, limit: number): Promise<RangeResult> {
    const log = this.#topics.get(topic) ?? EMPTY_LOG;
    const head = formatCursor({ epoch: this.epoch, seq: log.seq });
    if (after.epoch !== this.epoch || after.seq > log.seq) return { ok: false, reason: 'unknown', head };
    const oldestSeq = log.seq - log.events.length + 1;
    if (after.seq < oldestSeq - 1) return { ok: false, reason: 'too-old', head };
    const start = after.seq - oldestSeq + 1;
    return { ok: true, events: log.events.slice(start, start + limit), head };
  }

  async head(topic: string): Promise<string> {
    return formatCursor({ epoch: this.epoch, seq: (this.#topics.get(topic) ?? EMPTY_LOG).seq });
  }

  async open(topic: string): Promise<void> {
    this.#log(topic);
  }

  async exists(topic: string): Promise<boolean> {
    return this.#topics.has(topic);
  }

  onEvent(listener: (event: RealtimeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every listener hears every topic already, so watching needs nothing. */
  watch(): undefined {
    return undefined;
  }

  unwatch(): void {}

  /** Memory cannot become unreachable. */
  readonly healthy = true;

  onHealth(): () => void {
    return () => {};
  }

  async forget(topic: string): Promise<void> {
    this.#topics.delete(topic);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }

  #log(topic: string): TopicLog {
    let log = this.#topics.get(topic);
    if (!log) {
      log = { seq: 0, events: [] };
      this.#topics.set(topic, log);
    }
    return log;
  }
}
