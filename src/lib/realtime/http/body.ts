import { errorReply, type ApiRequest, type JsonReply } from './api.ts';

/** Largest JSON body the API reads, in bytes. */
export const MAX_JSON_BODY_BYTES = 4096;

/** The 413 answer; the connection is closed after it, since the rest of the body was never read. */
export const BODY_TOO_LARGE: JsonReply = { ...errorReply(413, `body must be at most ${MAX_JSON_BODY_BYTES} bytes`), closeConnection: true };

/** Reads a small JSON body; a clear error reply instead of an exception for anything else. */
export async function readJsonBody(request: ApiRequest): Promise<{ ok: true; value: unknown } | { ok: false; reply: JsonReply }> {
  const body = await request.readBody(MAX_JSON_BODY_BYTES);
  if (!body.ok) return { ok: false, reply: BODY_TOO_LARGE };
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: false, reply: errorReply(400, 'body must be JSON, e.g. {"topic":"notifications","text":"hello"}') };
  }
}
