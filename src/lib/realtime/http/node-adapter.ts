import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NO_STORE, type ApiRequest, type BodyText, type Headers, type Reply, type Route } from './api.ts';
import { clientAddress } from './client-address.ts';
import { BackplaneUnavailable } from '../bus/backplane-error.ts';
import { answerWithoutRoute, BACKPLANE_DOWN_REPLY, failureReply, isClientGone, ClientGoneError } from './dispatch.ts';
import type { RouteTable } from './route-table.ts';
import { isApiTarget } from '../protocol.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Options of the Node adapter. */
export interface NodeAdapterOptions {
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY). Default none. */
  trustedProxies?: readonly string[];
  /**
   * Headers every API answer carries (security policy, Vary, the instance id), written with the
   * status line in one go: cheaper on the hot path than a `setHeader` per header per request.
   */
  headers?: Readonly<Record<string, string>>;
  /** True while the process shuts down: answers then say `Connection: close` (see connectionDrain). */
  draining?: () => boolean;
}

/** What every answer of one adapter shares. */
interface Answering {
  readonly base: Readonly<Record<string, string>>;
  /**
   * The header list of a JSON answer with no headers of its own (`NO_STORE`), flat (name, value, …)
   * and made once: such an answer only appends its Content-Length, with no object merged per request.
   */
  readonly plainJson: readonly string[];
  readonly draining: () => boolean;
}

const notDraining = (): boolean => false;

/**
 * The production fast path: answers API requests straight on Node's ServerResponse, with no
 * Request/Response objects, every API path included (one the table does not know gets a JSON
 * 404). Returns false for anything else (pages, assets), so the caller can hand the request on
 * (static files, then Astro).
 */
export function createNodeApiHandler(
  table: RouteTable,
  options: NodeAdapterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const trusted = options.trustedProxies ?? [];
  const base = options.headers ?? {};
  const plainJson = Object.entries({ ...base, 'Content-Type': JSON_TYPE, ...NO_STORE }).flat();
  const answering: Answering = { base, plainJson, draining: options.draining ?? notDraining };
  return (req, res) => {
    const url = req.url ?? '/';
    if (!isApiTarget(url)) return false;
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const match = table.match(req.method ?? 'GET', path);
    if (match.kind !== 'route') {
      writeReply(answering, req, res, answerWithoutRoute(match), false);
      return true;
    }
    const request = new NodeApiRequest(req, res, path, queryAt === -1 ? '' : url.slice(queryAt + 1), trusted);
    if (match.head && match.route.stream) {
      writeReply(answering, req, res, { kind: 'empty', status: 200, headers: match.route.stream }, true);
      return true;
    }
    run(answering, match.route, request, req, res, match.head);
    return true;
  };
}

function run(answering: Answering, route: Route, request: NodeApiRequest, req: IncomingMessage, res: ServerResponse, head: boolean): void {
  let reply: Reply | Promise<Reply>;
  try {
    reply = route.handler(request);
  } catch (error) {
    fail(answering, error, req, res);
    return;
  }
  if (reply instanceof Promise) {
    reply.then(
      (value) => writeReply(answering, req, res, value, head),
      (error: unknown) => fail(answering, error, req, res),
    );
  } else writeReply(answering, req, res, reply, head);
}

function fail(answering: Answering, error: unknown, req: IncomingMessage, res: ServerResponse): void {
  // A client that hung up mid-request is not a server error: nothing to answer, nothing to log.
  if (isClientGone(error) || res.destroyed) return;
  if (error instanceof BackplaneUnavailable) {
    if (res.headersSent) res.destroy();
    else writeReply(answering, req, res, BACKPLANE_DOWN_REPLY, false);
    return;
  }
  const requestId = randomUUID();
  console.error(`request ${requestId} failed: ${req.method} ${req.url}`, error);
  if (res.headersSent) res.destroy();
  else writeReply(answering, req, res, failureReply(requestId), false);
}

function writeReply(answering: Answering, req: IncomingMessage, res: ServerResponse, reply: Reply, head: boolean): void {
  if (res.destroyed) return;
  const draining = answering.draining();
  if (reply.kind === 'json' && reply.headers === NO_STORE && !reply.closeConnection && !draining) {
    const text = reply.text ?? JSON.stringify(reply.body);
    const headers = answering.plainJson.slice();
    headers.push('Content-Length', String(Buffer.byteLength(text)));
    res.writeHead(reply.status, headers);
    res.end(head ? undefined : text);
    return;
  }
  const base = draining ? { ...answering.base, Connection: 'close' } : answering.base;
  if (reply.kind === 'json') {
    const text = reply.text ?? JSON.stringify(reply.body);
    const headers: Record<string, string | number> = {
      ...base,
      'Content-Type': JSON_TYPE,
      'Content-Length': Buffer.byteLength(text),
      ...reply.headers,
    };
    if (reply.closeConnection) {
      headers.Connection = 'close';
      lingerThenClose(req);
    }
    res.writeHead(reply.status, headers);
    res.end(head ? undefined : text);
    return;
  }
  if (reply.kind === 'empty') {
    res.writeHead(reply.status, { ...base, ...(reply.headers as Headers) });
    res.end();
    return;
  }
  res.writeHead(reply.status, { ...base, ...reply.headers });
  res.flushHeaders();
  // Nagle would hold each small event back waiting for the previous one's ACK.
  req.socket.setNoDelay(true);
  reply.open(new NodeStreamSink(res));
}

/** How long a connection whose body was refused stays half-open for its client to read the answer, in ms. */
export const LINGER_MS = 1000;

/**
 * Closing a socket while the client is still sending makes the kernel answer with a reset, and
 * the client then loses the 413 it had not read yet. So once the answer is out, this socket only
 * half-closes (FIN), and is destroyed when the client closes its side or LINGER_MS pass, whichever
 * comes first. Nothing of the rest of the body is kept.
 */
function lingerThenClose(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}

/** A stream written straight to the response (chunked), its buffered bytes read off the socket. */
class NodeStreamSink {
  readonly #res: ServerResponse;
  constructor(res: ServerResponse) {
    this.#res = res;
  }
  write(text: string): void {
    if (!this.#res.writableEnded && !this.#res.destroyed) this.#res.write(text);
  }
  get bufferedBytes(): number {
    return this.#res.writableLength + (this.#res.socket?.writableLength ?? 0);
  }
  end(): void {
    if (!this.#res.writableEnded) this.#res.end();
  }
  onClose(listener: () => void): void {
    this.#res.once('close', listener);
  }
}

/** An ApiRequest over Node's IncomingMessage; the URL is parsed only as far as a handler asks. */
class NodeApiRequest implements ApiRequest {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #queryText: string;
  readonly #trusted: readonly string[];
  #query: URLSearchParams | undefined;
  #abort: AbortController | undefined;
  #clientIp: string | undefined;
  readonly path: string;

  constructor(req: IncomingMessage, res: ServerResponse, path: string, queryText: string, trusted: readonly string[]) {
    this.#req = req;
    this.#res = res;
    this.path = path;
    this.#queryText = queryText;
    this.#trusted = trusted;
  }

  get method(): string {
    return this.#req.method ?? 'GET';
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#queryText));
  }

  header(name: string): string | undefined {
    const value = this.#req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  get clientIp(): string {
    return (this.#clientIp ??= clientAddress(this.#req.socket.remoteAddress, this.header('x-forwarded-for'), this.#trusted));
  }

  get signal(): AbortSignal {
    if (!this.#abort) {
      const abort = new AbortController();
      this.#abort = abort;
      // 'close' before the answer finished means the client went away.
      this.#res.once('close', () => {
        if (!this.#res.writableFinished) abort.abort();
      });
    }
    return this.#abort.signal;
  }

  readBody(maxBytes: number): Promise<BodyText> {
    const req = this.#req;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      req.pause();
      return Promise.resolve({ ok: false, reason: 'too-large' });
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const cleanup = (): void => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onGone);
        req.off('aborted', onGone);
      };
      const onData = (chunk: Buffer): void => {
        size += chunk.byteLength;
        if (size > maxBytes) {
          // Stop at the first byte past the limit: nothing more is read or kept.
          cleanup();
          req.pause();
          chunks.length = 0;
          resolve({ ok: false, reason: 'too-large' });
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = (): void => {
        cleanup();
        resolve({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') });
      };
      const onGone = (): void => {
        cleanup();
        reject(new ClientGoneError());
      };
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', onGone);
      req.once('aborted', onGone);
    });
  }
}
