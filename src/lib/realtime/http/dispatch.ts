import { BACKPLANE_RETRY_AFTER_SECONDS } from '../bus/backplane-error.ts';
import { empty, errorReply, type Reply } from './api.ts';
import type { RouteMatch } from './route-table.ts';

/** Thrown by readBody when the client went away before its body arrived; never logged. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before the request was complete');
    this.name = 'ClientGoneError';
  }
}

/** True for errors that only mean the client hung up (reset, abort), which are not the server's fault. */
export function isClientGone(error: unknown): boolean {
  if (error instanceof ClientGoneError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED' || (error as Error | null)?.name === 'AbortError';
}

/** The answer for an API path whose method has no route: 204 for OPTIONS, else 405; both list `Allow`. */
export function answerWithoutRoute(match: Exclude<RouteMatch, { kind: 'route' }>): Reply {
  if (match.kind === 'options') return empty(204, { Allow: match.allow });
  if (match.kind === 'method-not-allowed') return errorReply(405, `method not allowed; use ${match.allow}`, { Allow: match.allow });
  return errorReply(404, 'no such API route');
}

/** The answer for a handler that failed: a request id the log line also carries, and no details. */
export function failureReply(requestId: string): Reply {
  return errorReply(500, `internal error (request ${requestId})`, { 'X-Request-Id': requestId });
}

/** The answer while the backplane cannot be reached: 503 with Retry-After, the same on every route. */
export const BACKPLANE_DOWN_REPLY: Reply = errorReply(503, 'the event backplane (Redis) cannot be reached right now; try again shortly', {
  'Retry-After': String(BACKPLANE_RETRY_AFTER_SECONDS),
});
