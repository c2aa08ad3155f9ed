import type { Refusal } from '../limits/connection-counter.ts';

/**
 * The framework-neutral request/reply contract of every realtime HTTP route. A handler reads an
 * ApiRequest and returns a Reply (plain data); an adapter turns it into bytes: the Node adapter
 * writes straight to a ServerResponse (production), the Web adapter builds a Response (Astro).
 */

/** What a handler may read of its request. */
export interface ApiRequest {
  readonly method: string;
  /** The path without the query, e.g. `/api/poll`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** A request header by its lower-case name. */
  header(name: string): string | undefined;
  /** The client's address (see clientAddress: X-Forwarded-For only from a trusted proxy). */
  readonly clientIp: string;
  /** Aborts when the client goes away before the reply is complete (made on first use). */
  readonly signal: AbortSignal;
  /**
   * The body as text, read while counting bytes: past `maxBytes` reading stops at once and the
   * result is `too-large` (the adapter then answers 413 and closes the connection).
   */
  readBody(maxBytes: number): Promise<BodyText>;
}

/** A body read under a size limit. */
export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too-large' };

/** Response headers, by their canonical names. */
export type Headers = Readonly<Record<string, string>>;

/** An answer with a JSON body. */
export interface JsonReply {
  kind: 'json';
  status: number;
  body: unknown;
  /** The body already serialized (hot paths build it from cached parts); used instead of `body` when set. */
  text?: string;
  headers?: Headers;
  /** Close the connection after answering (a body that was not read to its end). */
  closeConnection?: boolean;
}

/** An answer without a body (204, or headers only). */
export interface EmptyReply {
  kind: 'empty';
  status: number;
  headers?: Headers;
}

/** A long-lived answer written piece by piece (an event stream). */
export interface StreamReply {
  kind: 'stream';
  status: number;
  headers: Headers;
  /** Called once the headers are sent; writes go to `sink` until either side ends it. */
  open(sink: StreamSink): void;
}

/** Any answer a handler gives. */
export type Reply = JsonReply | EmptyReply | StreamReply;

/** Where a stream's text goes. */
export interface StreamSink {
  /** Queues `text` for the client (ignored once closed). */
  write(text: string): void;
  /** Bytes written but not yet taken by the client's connection: what a slow reader costs us. */
  readonly bufferedBytes: number;
  /** Ends the stream from the server side. */
  end(): void;
  /** Calls `listener` once when the stream is over, whichever side ended it. */
  onClose(listener: () => void): void;
}

/** A route's handler. */
export type RouteHandler = (request: ApiRequest) => Reply | Promise<Reply>;

/** One entry of the route table. */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
  /**
   * Answers with a long-lived stream: HEAD then gets the headers only and opens nothing,
   * because a stream registered for a request that can carry no body would never be read.
   */
  stream?: Headers;
}

/**
 * The headers of a JSON answer with none of its own: one shared object, which the Node adapter
 * recognises to write its precomputed header list instead of merging objects per request.
 */
export const NO_STORE: Headers = Object.freeze({ 'Cache-Control': 'no-store' });

/** A JSON answer that is never cached. */
export function json(status: number, body: unknown, headers?: Headers): JsonReply {
  return { kind: 'json', status, body, headers: headers ? { ...NO_STORE, ...headers } : NO_STORE };
}

/** A JSON answer whose body is already serialized, never cached. */
export function jsonText(status: number, text: string, headers?: Headers): JsonReply {
  return { kind: 'json', status, body: undefined, text, headers: headers ? { ...NO_STORE, ...headers } : NO_STORE };
}

/** The error shape every API route answers with: `{"error": "..."}`. */
export function errorReply(status: number, error: string, headers: Headers = {}): JsonReply {
  return json(status, { error }, headers);
}

/** The answer to a connection refused by a cap (429 for the client's own, 503 for the server's), with Retry-After. */
export function refusalReply(refusal: Refusal): JsonReply {
  return errorReply(refusal.status, refusal.error, { 'Retry-After': String(refusal.retryAfter) });
}

/** An answer without a body, never cached. */
export function empty(status: number, headers: Headers = {}): EmptyReply {
  return { kind: 'empty', status, headers: { 'Cache-Control': 'no-store', ...headers } };
}
