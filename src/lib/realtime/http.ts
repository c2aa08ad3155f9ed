import type { Refusal } from './limits/connection-counter.ts';

/** A JSON response that is never cached. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/** The error shape every API route answers with: `{"error": "..."}`. */
export function errorResponse(status: number, error: string, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { error }, headers);
}

/** Largest JSON body the API reads, in bytes. */
export const MAX_JSON_BODY_BYTES = 4096;

/** Reads a small JSON body; a clear error instead of an exception for anything else. */
export async function readJsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_JSON_BODY_BYTES) {
    return { ok: false, response: errorResponse(413, `body must be at most ${MAX_JSON_BODY_BYTES} bytes`) };
  }
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > MAX_JSON_BODY_BYTES) {
    return { ok: false, response: errorResponse(413, `body must be at most ${MAX_JSON_BODY_BYTES} bytes`) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: errorResponse(400, 'body must be JSON, e.g. {"topic":"notifications","text":"hello"}') };
  }
}

/** The answer to a connection refused by a cap (429 or 503), with Retry-After. */
export function refusalResponse(refusal: Refusal): Response {
  return errorResponse(refusal.status, refusal.error, { 'Retry-After': String(refusal.retryAfter) });
}
