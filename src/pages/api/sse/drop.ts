import type { APIRoute } from 'astro';
import { errorResponse, readJsonBody } from '../../../lib/realtime/http.ts';
import { getRuntime } from '../../../lib/realtime/runtime.ts';
import { connectionSchema, parseInput } from '../../../lib/realtime/schemas.ts';

export const prerender = false;

/** `POST /api/sse/drop {"connection": id}` — the server ends that stream, so the reader can watch EventSource reconnect. */
export const POST: APIRoute = async ({ request }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseInput(connectionSchema, body.value);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  if (!getRuntime().sseConnections.drop(parsed.value.connection)) return errorResponse(404, 'no open stream has that connection id');
  return new Response(null, { status: 204 });
};
