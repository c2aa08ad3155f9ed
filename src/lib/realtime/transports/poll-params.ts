import { z } from 'zod';
import { parseCursor } from '../cursor.ts';
import type { ReadResult } from '../hub.ts';
import type { RealtimeEvent, ResetNotice } from '../event.ts';
import { cursorTextSchema, topicSchema } from '../schemas.ts';
import { sessionIdSchema } from '../usage/session-id.ts';

/** Seconds a long poll waits when the client names no timeout. */
export const DEFAULT_LONG_POLL_TIMEOUT_S = 25;
/** Longest wait a client may ask for, in seconds: under the 30–60 s idle timeouts of common proxies. */
export const MAX_LONG_POLL_TIMEOUT_S = 30;

/**
 * `since` for the polls. Unlike an EventSource, which cannot read an error response and would
 * reconnect forever, a poll's client reads the 400 and can fix its code, so a cursor that is not
 * even well formed is refused. A well-formed one the log no longer has gets a reset instead.
 */
export const pollCursorSchema = cursorTextSchema.refine((text) => parseCursor(text) !== undefined, {
  error: 'must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"',
});

const timeoutMessage = `must be a whole number of seconds from 1 to ${MAX_LONG_POLL_TIMEOUT_S}`;

/** `timeout` in whole seconds, 1 to 30. */
export const longPollTimeoutSchema = z
  .string()
  .regex(/^[0-9]{1,4}$/, { error: timeoutMessage })
  .transform(Number)
  .pipe(z.number().min(1, { error: timeoutMessage }).max(MAX_LONG_POLL_TIMEOUT_S, { error: timeoutMessage }));

/** `GET /api/poll` query: `topic`, optional `since` cursor, optional widget `session`. */
export const pollQuerySchema = z.object({
  topic: topicSchema,
  since: pollCursorSchema.optional(),
  session: sessionIdSchema.optional(),
});

/** `GET /api/long-poll` query: the poll's, plus `timeout` in seconds (default 25). */
export const longPollQuerySchema = pollQuerySchema.extend({
  timeout: longPollTimeoutSchema.default(DEFAULT_LONG_POLL_TIMEOUT_S),
});

/** The named query parameters as a plain object (absent ones undefined), ready for a schema. */
export function queryParams(query: URLSearchParams, names: readonly string[]): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const name of names) params[name] = query.get(name) ?? undefined;
  return params;
}

/** What both polls answer with 200. */
export interface PollBody {
  events: RealtimeEvent[];
  /** Send this back as `since` next time. */
  cursor: string;
  /** Present when `since` could not be resumed from: events may have been missed; carry on from `cursor`. */
  reset?: ResetNotice;
}

// One event goes to every waiting poll as the same object, so its JSON is made once.
const eventJson = new WeakMap<RealtimeEvent, string>();

/** The 200 body for a read, serialized: byte for byte `JSON.stringify(pollBody(result))`, with each event's JSON cached. */
export function pollBodyText(result: ReadResult): string {
  const events = result.events.map((event) => {
    let text = eventJson.get(event);
    if (text === undefined) {
      text = JSON.stringify(event);
      eventJson.set(event, text);
    }
    return text;
  });
  const reset = result.reset ? `,"reset":${JSON.stringify(result.reset)}` : '';
  return `{"events":[${events.join(',')}],"cursor":${JSON.stringify(result.cursor)}${reset}}`;
}

/** The 200 body for a read. */
export function pollBody(result: ReadResult): PollBody {
  return result.reset
    ? { events: result.events, cursor: result.cursor, reset: result.reset }
    : { events: result.events, cursor: result.cursor };
}
