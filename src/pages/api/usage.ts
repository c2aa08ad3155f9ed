import type { APIRoute } from 'astro';
import { errorResponse, jsonResponse } from '../../lib/realtime/http.ts';
import { getRuntime } from '../../lib/realtime/runtime.ts';
import { parseInput } from '../../lib/realtime/schemas.ts';
import { usageQuerySchema } from '../../lib/realtime/usage/session-id.ts';

export const prerender = false;

/** `GET /api/usage?session=<id>` — bytes the session's requests moved, measured on the server's sockets. */
export const GET: APIRoute = ({ url }) => {
  const parsed = parseInput(usageQuerySchema, { session: url.searchParams.get('session') ?? undefined });
  if (!parsed.ok) return errorResponse(400, parsed.error);
  const { session } = parsed.value;
  const usage = getRuntime().usage.snapshot(session) ?? { session, requests: 0, received: 0, sent: 0, open: 0, routes: {} };
  return jsonResponse(200, usage);
};
