import { z } from 'zod';

/** What a widget session id looks like: 8 to 64 letters, digits, `-` or `_` (a UUID fits). */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** The `session` parameter a widget sends so the server can attribute the bytes of its requests. */
export const sessionIdSchema = z.string().regex(SESSION_ID_PATTERN, { error: 'must be 8 to 64 letters, digits, "-" or "_" (e.g. a UUID)' });

/** True for a well-formed session id; the meter ignores requests with anything else. */
export function isSessionId(text: string | null | undefined): text is string {
  return typeof text === 'string' && SESSION_ID_PATTERN.test(text);
}

/** `GET /api/usage` query. */
export const usageQuerySchema = z.object({ session: sessionIdSchema });
