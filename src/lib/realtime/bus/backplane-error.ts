/**
 * The backplane (Redis) cannot be reached: not a bug, and not the client's fault. HTTP answers it
 * with 503 and Retry-After, event streams end so their clients resume elsewhere, WebSockets are
 * told and closed; nothing is logged per request (the connection logs its own state once).
 */
export class BackplaneUnavailable extends Error {
  constructor(cause?: unknown) {
    super('the event backplane cannot be reached', { cause });
    this.name = 'BackplaneUnavailable';
  }
}

/** Seconds a client should wait before retrying while the backplane is away. */
export const BACKPLANE_RETRY_AFTER_SECONDS = 2;
