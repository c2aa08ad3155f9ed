import { formatCursor, newEpoch, type Cursor } from '../cursor.ts';
import type { RealtimeEvent } from '../event.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';
import type { Bus, RangeResult } from './bus.ts';
import { APPEND_SCRIPT, RANGE_SCRIPT } from './redis-bus-scripts.ts';

/** Options for the Redis bus. */
export interface RedisBusOptions {
  /** The instance's connections to Redis (shared with the other cluster-wide state); the bus does not close them. */
  connection: RedisConnection;
  /** Events kept per topic (approximately: Redis trims whole blocks, so a few more may stay). Default 1000. */
  replayLimit?: number;
  /** Put before every key and channel, so several sites can share one Redis. Default `rl:`. */
  keyPrefix?: string;
}

/** A stream entry as XRANGE returns it: `[id, [field, value, ...]]`. */
type StreamEntry = [id: string, fields: string[]];

/**
 * The bus on Redis Streams, for several instances behind a load balancer.
 *
 * Each topic is a stream `<prefix>{topic}:log` whose entry ids are `0-<seq>`, next to a counter
 * `<prefix>{topic}:seq`; one Lua script increments the counter, adds the entry (MAXLEN ~ replay
 * limit) and publishes the event, so numbering is atomic across instances. The epoch is one key set
 * once; if Redis loses its data, the next script run sets a fresh one and every old cursor is
 * foreign from then on.
 *
 * Live delivery is pub/sub on `<prefix>live:{topic}`, subscribed only while this instance has
 * subscribers for the topic — not XREAD BLOCK over the streams. Pub/sub costs one PUBLISH per event
 * however many instances listen, while XREAD costs one round trip per event per instance, and its
 * key list is fixed while it blocks, so a new topic would have to interrupt it (CLIENT UNBLOCK)
 * or wait for its timeout. Pub/sub is at-most-once (a message sent while an instance is
 * disconnected is gone), and that is what the contiguous seq is for: the hub sees the gap and reads
 * the missing events from the stream, and after a reconnection it reads every watched topic once.
 * Centrifugo's Redis broker pairs a history stream with pub/sub the same way; Socket.IO's Redis
 * Streams adapter has every instance XREAD one shared stream, which suits a firehose every instance
 * needs, not per-topic interest.
 *
 * Keys carry the topic in a hash tag (`{topic}`) so a later move to Redis Cluster can shard by
 * topic; the shared epoch key would then have to become per topic, as Centrifugo keeps it.
 */
export class RedisBus implements Bus {
  readonly #connection: RedisConnection;
  readonly #replayLimit: number;
  readonly #prefix: string;
  readonly #listeners = new Set<(event: RealtimeEvent) => void>();
  readonly #healthListeners = new Set<(healthy: boolean) => void>();
  /** Topics this instance has subscribers for. */
  readonly #watched = new Set<string>();
  /** Topics whose channel the subscriber connection is subscribed to (reconciled with #watched). */
  readonly #subscribed = new Set<string>();
  #healthy = false;
  #closed = false;
  readonly #stopConnectionEvents: () => void;

  constructor(options: RedisBusOptions) {
    this.#connection = options.connection;
    this.#replayLimit = options.replayLimit ?? 1000;
    this.#prefix = options.keyPrefix ?? 'rl:';
    const up = () => void this.#recovered();
    const down = () => this.#setHealthy(false);
    this.#connection.on('up', up);
    this.#connection.on('down', down);
    this.#stopConnectionEvents = () => {
      this.#connection.off('up', up);
      this.#connection.off('down', down);
    };
    if (this.#connection.up) void this.#recovered();
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  async append(topic: string, type: string, data: unknown, ts: number): Promise<RealtimeEvent> {
    const payload = JSON.stringify({ type, data, ts });
    const [epoch, seq] = await this.#connection.run((client) =>
      APPEND_SCRIPT.run<[string, number]>(client, this.#keys(topic), [newEpoch(), this.#replayLimit, this.#channel(topic), payload]),
    );
    return { id: formatCursor({ epoch, seq: Number(seq) }), topic, type, data, ts };
  }

  async range(topic: string, after: Cursor, limit: number): Promise<RangeResult> {
    const [storedEpoch, headSeq, entries] = await this.#connection.run((client) =>
      RANGE_SCRIPT.run<[string, number, StreamEntry[]]>(client, this.#keys(topic), [`0-${after.seq + 1}`, limit]),
    );
    const epoch = storedEpoch || (await this.#ensureEpoch());
    const head = formatCursor({ epoch, seq: Number(headSeq) });
    if (after.epoch !== epoch || after.seq > Number(headSeq)) return { ok: false, reason: 'unknown', head };
    if (after.seq === Number(headSeq)) return { ok: true, events: [], head };
    // The entry right after the cursor must still be there; if the oldest kept one is later, events were trimmed.
    if (entries[0]?.[0] !== `0-${after.seq + 1}`) return { ok: false, reason: 'too-old', head };
    return { ok: true, events: entries.map((entry) => this.#toEvent(topic, epoch, entry)), head };
  }

  async head(topic: string): Promise<string> {
    const [storedEpoch, seq] = await this.#connection.run((client) =>
      client.sendCommand<[string | null, string | null]>(['MGET', this.#epochKey, this.#keys(topic)[1]!]),
    );
    return formatCursor({ epoch: storedEpoch ?? (await this.#ensureEpoch()), seq: Number(seq ?? 0) });
  }

  onEvent(listener: (event: RealtimeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  watch(topic: string): Promise<void> {
    this.#watched.add(topic);
    return this.#subscribe(topic);
  }

  unwatch(topic: string): void {
    this.#watched.delete(topic);
    if (!this.#subscribed.has(topic)) return;
    this.#connection.unsubscribe(this.#channel(topic), this.#onMessage).then(
      () => this.#subscribed.delete(topic),
      // Still subscribed; the next reconnection reconciles it.
      () => {},
    );
  }

  onHealth(listener: (healthy: boolean) => void): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }

  /** Drops the topic unless another instance still watches it (its log then stays, bounded by MAXLEN). */
  async forget(topic: string): Promise<void> {
    const [seqKey, logKey] = this.#keys(topic).slice(1);
    await this.#connection.run(async (client) => {
      // An instance frees a chat room or race when its own clients left; others may still be in it.
      const [, watchers] = await client.sendCommand<[string, number]>(['PUBSUB', 'NUMSUB', this.#channel(topic)]);
      if (Number(watchers) === 0) await client.sendCommand(['DEL', seqKey!, logKey!]);
    });
  }

  /**
   * Opens a topic by creating its counter at 0 (if absent): the first append then numbers 1, as for
   * a new topic. A lifetime goes on the counter; the first append gives the stream the same expiry.
   */
  async open(topic: string, lifetimeMs?: number): Promise<void> {
    const seqKey = this.#keys(topic)[1]!;
    const expiry = lifetimeMs === undefined ? [] : ['PX', String(Math.max(1, Math.round(lifetimeMs)))];
    await this.#connection.run((client) => client.sendCommand(['SET', seqKey, '0', 'NX', ...expiry]));
  }

  /** A topic exists while its counter does: from `open` or the first append until `forget`, seen by every instance. */
  async exists(topic: string): Promise<boolean> {
    const seqKey = this.#keys(topic)[1]!;
    const found = await this.#connection.run((client) => client.sendCommand<number>(['EXISTS', seqKey]));
    return Number(found) === 1;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopConnectionEvents();
    for (const topic of [...this.#subscribed]) {
      await this.#connection.unsubscribe(this.#channel(topic), this.#onMessage).catch(() => {});
    }
    this.#subscribed.clear();
    this.#watched.clear();
    this.#listeners.clear();
    this.#healthListeners.clear();
  }

  get #epochKey(): string {
    return `${this.#prefix}epoch`;
  }

  /** The keys the scripts take: epoch, counter, stream. */
  #keys(topic: string): string[] {
    return [this.#epochKey, `${this.#prefix}{${topic}}:seq`, `${this.#prefix}{${topic}}:log`];
  }

  #channel(topic: string): string {
    return `${this.#prefix}live:${topic}`;
  }

  /** Sets the epoch unless one exists (the first instance, or Redis lost its data); returns the one in force. */
  async #ensureEpoch(): Promise<string> {
    const candidate = newEpoch();
    const previous = await this.#connection.run((client) =>
      client.sendCommand<string | null>(['SET', this.#epochKey, candidate, 'NX', 'GET']),
    );
    return previous ?? candidate;
  }

  async #subscribe(topic: string): Promise<void> {
    await this.#connection.subscribe(this.#channel(topic), this.#onMessage);
    this.#subscribed.add(topic);
    if (!this.#watched.has(topic)) this.unwatch(topic);
  }

  readonly #onMessage = (message: string, channel: string): void => {
    const topic = channel.slice(`${this.#prefix}live:`.length);
    const space = message.indexOf(' ');
    let event: RealtimeEvent;
    try {
      const { type, data, ts } = JSON.parse(message.slice(space + 1)) as Omit<RealtimeEvent, 'id' | 'topic'>;
      event = { id: message.slice(0, space), topic, type, data, ts };
    } catch (error) {
      console.error(`redis bus: unreadable message on ${channel}`, error);
      return;
    }
    for (const listener of this.#listeners) listener(event);
  };

  #toEvent(topic: string, epoch: string, [id, fields]: StreamEntry): RealtimeEvent {
    const { type, data, ts } = JSON.parse(fields[fields.indexOf('e') + 1]!) as Omit<RealtimeEvent, 'id' | 'topic'>;
    return { id: formatCursor({ epoch, seq: Number(id.slice(2)) }), topic, type, data, ts };
  }

  /** Both connections are back: make the subscriptions match the watched topics, then report healthy. */
  async #recovered(): Promise<void> {
    try {
      await this.#ensureEpoch();
      for (const topic of this.#subscribed) if (!this.#watched.has(topic)) this.unwatch(topic);
      await Promise.all([...this.#watched].filter((topic) => !this.#subscribed.has(topic)).map((topic) => this.#subscribe(topic)));
    } catch {
      return; // Down again already; the next 'up' tries again.
    }
    if (this.#connection.up) this.#setHealthy(true);
  }

  #setHealthy(healthy: boolean): void {
    if (this.#closed || healthy === this.#healthy) return;
    this.#healthy = healthy;
    for (const listener of this.#healthListeners) listener(healthy);
  }
}
