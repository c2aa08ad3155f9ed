import type { APIRoute } from 'astro';
import { errorResponse, refusalResponse } from '../../../lib/realtime/http.ts';
import { refusalFor } from '../../../lib/realtime/limits/connection-counter.ts';
import { getRuntime } from '../../../lib/realtime/runtime.ts';
import { connectionSchema, parseInput } from '../../../lib/realtime/schemas.ts';
import { openWireTap } from '../../../lib/realtime/transports/sse-wire-tap.ts';

export const prerender = false;

/** `GET /api/sse/wire?connection=<id>` — the text another SSE stream is sending, as the server wrote it. */
export const GET: APIRoute = ({ request, clientAddress }) => {
  const runtime = getRuntime();
  const parsed = parseInput(connectionSchema, { connection: new URL(request.url).searchParams.get('connection') ?? undefined });
  if (!parsed.ok) return errorResponse(400, parsed.error);
  const connection = runtime.sseConnections.get(parsed.value.connection);
  if (!connection) return errorResponse(404, 'no open stream has that connection id');
  const slot = runtime.streamSlots.acquire(clientAddress);
  if (!slot.ok) return refusalResponse(refusalFor(slot.limit, 'open streams', runtime.config.MAX_STREAMS_PER_IP));
  return openWireTap(connection, request.signal, slot.release);
};
