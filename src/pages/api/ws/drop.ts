import type { APIRoute } from 'astro';
import { errorResponse, readJsonBody } from '../../../lib/realtime/http.ts';
import { getRuntime } from '../../../lib/realtime/runtime.ts';
import { connectionSchema, parseInput } from '../../../lib/realtime/schemas.ts';

export const prerender = false;

/**
 * `POST /api/ws/drop {"connection": id}` — the server cuts that WebSocket without a closing
 * handshake, so the reader can watch 1006, the backoff, the reconnect and the replay.
 */
export const POST: APIRoute = async ({ request }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseInput(connectionSchema, body.value);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  if (!getRuntime().webSockets.terminate(parsed.value.connection)) return errorResponse(404, 'no open WebSocket has that connection id');
  return new Response(null, { status: 204 });
};
