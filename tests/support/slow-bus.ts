import type { Bus, RangeResult } from '../../src/lib/realtime/bus/bus.ts';
import type { Cursor } from '../../src/lib/realtime/cursor.ts';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bus whose reads take time, like a round trip to Redis: `range` and `head` take their answer
 * at once but hand it over `delayMs` later, so events appended meanwhile reach live listeners
 * before the read that does not contain them returns — the overlap the hub must get right.
 */
export class SlowReadBus implements Bus {
  readonly #inner: Bus;
  readonly #delayMs: number;

  constructor(inner: Bus, delayMs: number) {
    this.#inner = inner;
    this.#delayMs = delayMs;
  }

  get healthy(): boolean {
    return this.#inner.healthy;
  }

  open(topic: string): Promise<void> {
    return this.#inner.open(topic);
  }

  exists(topic: string): Promise<boolean> {
    return this.#inner.exists(topic);
  }

  append(topic: string, type: string, data: unknown, ts: number): Promise<RealtimeEvent> {
    return this.#inner.append(topic, type, data, ts);
  }

  async range(topic: string, after: Cursor, limit: number): Promise<RangeResult> {
    const result = await this.#inner.range(topic, after, limit);
    await sleep(this.#delayMs);
    return result;
  }

  async head(topic: string): Promise<string> {
    const head = await this.#inner.head(topic);
    await sleep(this.#delayMs);
    return head;
  }

  onEvent(listener: (event: RealtimeEvent) => void): () => void {
    return this.#inner.onEvent(listener);
  }

  watch(topic: string): Promise<void> | undefined {
    return this.#inner.watch(topic);
  }

  unwatch(topic: string): void {
    this.#inner.unwatch(topic);
  }

  onHealth(listener: (healthy: boolean) => void): () => void {
    return this.#inner.onHealth(listener);
  }

  forget(topic: string): Promise<void> {
    return this.#inner.forget(topic);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
