/** What the server knows about one open SSE stream. */
export interface SseConnection {
  id: string;
  topic: string;
  openedAt: number;
  /** Bytes of stream body written so far (headers not included). */
  bytesSent: number;
  /** Ends the stream from the server side; the browser then reconnects on its own. */
  end(): void;
}

/** The open SSE streams of this process, by connection id. */
export class SseConnections {
  readonly #open = new Map<string, SseConnection>();

  add(connection: SseConnection): void {
    this.#open.set(connection.id, connection);
  }

  remove(id: string): void {
    this.#open.delete(id);
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
