import type { StreamSink } from '../../http/api.ts';
import { sendBounded, type Delivery, type OutboxStats, type OutboxTarget } from '../outbox.ts';
import { formatSseComment } from '../sse-format.ts';

/** Most stream text kept from a stream's first moments for the wire tap its page opens next, in characters. */
export const WIRE_BACKLOG_CHARS = 16 * 1024;
/** How long a new stream keeps its opening text for a tap, in ms; after that, or once a tap has it, it is let go. */
export const WIRE_OPENING_MS = 5000;

/** Receives each chunk of text written to a stream, and the end of it. */
export interface WireTap {
  onText(text: string, bytesSent: number): void;
  onEnd(): void;
}

/** Limits every stream of a process shares. */
export interface StreamLimits {
  /** Unsent bytes a stream may have: past half, ticker updates are skipped; past all, the stream ends. */
  maxBufferedBytes: number;
  outbox: OutboxStats;
}

/**
 * One open SSE stream. It keeps no copy of what it writes, except its opening text for a few
 * seconds (the page opens its wire tap right after the hello) and, while a tap is attached,
 * nothing either: each write goes to the tap as it happens.
 */
export class SseConnection implements OutboxTarget<string> {
  readonly id: string;
  readonly topic: string;
  readonly openedAt = Date.now();
  /** Bytes of stream body written so far (the response headers are not included). */
  bytesSent = 0;
  lastWriteAt = this.openedAt;
  #opening: string | undefined = '';
  #taps: Set<WireTap> | undefined;
  #closed = false;
  readonly #sink: Pick<StreamSink, 'write' | 'end' | 'bufferedBytes'>;
  readonly #limits: StreamLimits;
  readonly #onClosed: () => void;

  /** `sink` is where the text goes; `onClosed` runs once when the stream is over, whichever side ended it. */
  constructor(
    id: string,
    topic: string,
    sink: Pick<StreamSink, 'write' | 'end' | 'bufferedBytes'>,
    limits: StreamLimits,
    onClosed: () => void = () => {},
  ) {
    this.id = id;
    this.topic = topic;
    this.#sink = sink;
    this.#limits = limits;
    this.#onClosed = onClosed;
  }

  get writable(): boolean {
    return !this.#closed;
  }

  get bufferedBytes(): number {
    return this.#sink.bufferedBytes;
  }

  /** The reader fell too far behind: its EventSource reconnects with Last-Event-ID and resumes from its cursor. */
  overflow(): void {
    this.end();
  }

  /** Writes `text` unless the stream is closed. */
  write(text: string): void {
    if (this.#closed) return;
    this.#sink.write(text);
    this.#wrote(text);
  }

  /** Writes `text` under the outbox policy: skipped (droppable) or the stream ended (reliable) when the reader is too far behind. */
  send(text: string, delivery: Delivery): void {
    sendBounded(this, text, delivery, this.#limits.maxBufferedBytes, this.#limits.outbox);
  }

  /** Sends a heartbeat comment if the stream has been quiet for `quietMs`. */
  heartbeat(now: number, quietMs: number): void {
    if (now - this.lastWriteAt >= quietMs) this.send(formatSseComment(`heartbeat ${now}`), 'droppable');
  }

  /** Attaches a tap: it first gets the opening text (if still kept), then every later write; returns the detach function. */
  tap(tap: WireTap): () => void {
    tap.onText(this.#opening ?? '', this.bytesSent);
    this.#opening = undefined;
    (this.#taps ??= new Set()).add(tap);
    return () => {
      this.#taps?.delete(tap);
      if (this.#taps?.size === 0) this.#taps = undefined;
    };
  }

  /** Ends the stream from the server side; the browser then reconnects on its own. */
  end(): void {
    this.#sink.end();
    this.closed();
  }

  /** Called once the stream is over: tells taps, lets them go, and runs the owner's clean-up. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#opening = undefined;
    for (const tap of this.#taps ?? []) tap.onEnd();
    this.#taps = undefined;
    this.#onClosed();
  }

  #wrote(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.bytesSent += bytes;
    this.lastWriteAt = Date.now();
    if (this.#opening !== undefined) {
      const keep = this.lastWriteAt - this.openedAt < WIRE_OPENING_MS && this.#opening.length + text.length <= WIRE_BACKLOG_CHARS;
      this.#opening = keep ? this.#opening + text : undefined;
    }
    if (this.#taps) for (const tap of this.#taps) tap.onText(text, this.bytesSent);
  }
}

/**
 * The open SSE streams of this process, by connection id, and their one heartbeat timer: every
 * third of the period, each stream quiet for two thirds of it gets a comment, so no stream is
 * silent longer than `heartbeatMs` and busy streams carry no heartbeats at all.
 */
export class SseConnections {
  readonly #open = new Map<string, SseConnection>();
  readonly #heartbeatMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(heartbeatMs = 15_000) {
    this.#heartbeatMs = heartbeatMs;
  }

  add(connection: SseConnection): void {
    this.#open.set(connection.id, connection);
    if (!this.#timer) {
      this.#timer = setInterval(() => this.#beat(), Math.max(10, Math.floor(this.#heartbeatMs / 3)));
      this.#timer.unref();
    }
  }

  remove(id: string): void {
    this.#open.delete(id);
    if (this.#open.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  get(id: string): SseConnection | undefined {
    return this.#open.get(id);
  }

  /** Ends one stream; false when no stream has that id (already gone, or never ours). */
  drop(id: string): boolean {
    const connection = this.#open.get(id);
    if (!connection) return false;
    connection.end();
    return true;
  }

  /** Ends every stream (shutdown): each browser reconnects, to this server's successor. */
  endAll(): void {
    for (const connection of [...this.#open.values()]) connection.end();
  }

  get size(): number {
    return this.#open.size;
  }

  #beat(): void {
    const now = Date.now();
    const quietMs = (this.#heartbeatMs * 2) / 3;
    for (const connection of this.#open.values()) connection.heartbeat(now, quietMs);
  }
}
