import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isSessionId } from './session-id.ts';
import type { UsageStore, WireBytes } from './usage-store.ts';

/** Options for metering an HTTP server. */
export interface HttpMeterOptions {
  /** Whether requests to `pathname` are attributed to their session. Default: /api/ paths except /api/usage. */
  isMetered?: (pathname: string) => boolean;
}

/** The path that reports usage; metering it would make every look at the numbers change them. */
export const USAGE_PATH = '/api/usage';

const defaultIsMetered = (pathname: string): boolean => pathname.startsWith('/api/') && pathname !== USAGE_PATH;

/** Where the previous exchange on a keep-alive socket ended, in the socket's own byte counters. */
interface SocketMark {
  read: number;
  written: number;
}

const marks = new WeakMap<Socket, SocketMark>();

/**
 * Counts, on the server's own sockets, the bytes of every request that names a widget session
 * (`?session=<id>`) and records them in `store`. Returns the function that stops it.
 *
 * An exchange's bytes are the socket counters' growth from the end of the previous response on
 * the same connection to the end of this one: request line, headers and body read, status line,
 * headers and body (with any chunked framing) written. That is exact for clients that wait for
 * a response before sending the next request on the connection, as browsers and fetch do; a
 * pipelining client would have its next request counted with the current one. Bytes are those of
 * plain HTTP at this server: a TLS-terminating proxy in front adds its own.
 */
export function meterHttpServer(server: Server, store: UsageStore, options: HttpMeterOptions = {}): () => void {
  const isMetered = options.isMetered ?? defaultIsMetered;
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => meterExchange(request, response, store, isMetered);
  // First in line, so the counters are read before any handler can write a byte.
  server.prependListener('request', onRequest);
  return () => {
    server.off('request', onRequest);
  };
}

/** Meters one request/response exchange (see meterHttpServer). */
export function meterExchange(
  request: IncomingMessage,
  response: ServerResponse,
  store: UsageStore,
  isMetered: (pathname: string) => boolean = defaultIsMetered,
): void {
  const socket = request.socket as Socket | null;
  if (!socket || typeof socket.bytesRead !== 'number') return;
  const target = sessionTarget(request.url, isMetered);
  // Most requests name no session: they only move the mark, through one listener shared by all.
  if (!target) {
    response.on('finish', moveMark);
    return;
  }
  const start = marks.get(socket) ?? { read: 0, written: 0 };
  const startRead = start.read;
  const startWritten = start.written;
  const sinceStart = (): WireBytes => ({ received: socket.bytesRead - startRead, sent: socket.bytesWritten - startWritten });
  const end = store.begin(target.session, target.route, sinceStart);
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    const bytes = sinceStart();
    markEnd(socket);
    end(bytes);
  };
  response.once('finish', finish);
  response.once('close', finish);
}

/** An exchange that is not metered ended: the next one on its socket starts here. `this` is the response. */
function moveMark(this: ServerResponse): void {
  // The response has let go of its socket by now ('finish'); its request still knows it.
  markEnd(this.req.socket);
}

/** Moves a socket's mark to its counters now (in place: one small object per socket, not per exchange). */
function markEnd(socket: Socket): void {
  const mark = marks.get(socket);
  if (mark) {
    mark.read = socket.bytesRead;
    mark.written = socket.bytesWritten;
  } else marks.set(socket, { read: socket.bytesRead, written: socket.bytesWritten });
}

function sessionTarget(url: string | undefined, isMetered: (pathname: string) => boolean): { session: string; route: string } | undefined {
  // Most requests name no session; they skip the URL parse, which is on every request's path.
  if (!url || !url.includes('session=')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://localhost');
  } catch {
    return undefined;
  }
  const session = parsed.searchParams.get('session');
  if (!isSessionId(session) || !isMetered(parsed.pathname)) return undefined;
  return { session, route: parsed.pathname };
}
