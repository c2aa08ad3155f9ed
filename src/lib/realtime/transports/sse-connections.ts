/** Most recent stream text kept per connection for a wire tap that attaches late, in characters. */
export const WIRE_BACKLOG_CHARS = 16 * 1024;

/** Receives each chunk of text written to a stream, and the end of it. */
export interface WireTap {
  onText(text: string, bytesSent: number): void;
  onEnd(): void;
}

/** What the server knows about one open SSE stream. */
export class SseConnection {
  readonly id: string;
  readonly topic: string;
  readonly openedAt = Date.now();
  /** Bytes of stream body written so far (the response headers are not included). */
  bytesSent = 0;
  readonly #backlog: string[] = [];
  #backlogChars = 0;
  readonly #taps = new Set<WireTap>();
  readonly #end: () => void;

  /** `end` closes the stream from the server side. */
  constructor(id: string, topic: string, end: () => void) {
    this.id = id;
    this.topic = topic;
    this.#end = end;
  }

  /** Records text the stream wrote, keeps the latest of it for late taps, and forwards it to taps. */
  wrote(text: string, bytes: number): void {
    this.bytesSent += bytes;
    this.#backlog.push(text);
    this.#backlogChars += text.length;
    while (this.#backlogChars > WIRE_BACKLOG_CHARS && this.#backlog.length > 1) {
      this.#backlogChars -= this.#backlog.shift()!.length;
    }
    for (const tap of this.#taps) tap.onText(text, this.bytesSent);
  }

  /** Attaches a tap: it first gets the kept backlog, then every later write; returns the detach function. */
  tap(tap: WireTap): () => void {
    tap.onText(this.#backlog.join(''), this.bytesSent);
    this.#taps.add(tap);
    return () => this.#taps.delete(tap);
  }

  /** Ends the stream from the server side; the browser then reconnects on its own. */
  end(): void {
    this.#end();
  }

  /** Called once the stream is over: tells taps and lets them go. */
  closed(): void {
    for (const tap of this.#taps) tap.onEnd();
    this.#taps.clear();
  }
}

/** The open SSE streams of this process, by connection id. */
export class SseConnections {
  readonly #open = new Map<string, SseConnection>();

  add(connection: SseConnection): void {
    this.#open.set(connection.id, connection);
  }

  remove(id: string): void {
    this.#open.get(id)?.closed();
    this.#open.delete(id);
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
}
