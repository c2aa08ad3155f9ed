import type { APIRoute } from 'astro';
import { jsonResponse } from '../../lib/realtime/http.ts';
import { tokenStreamEndpoint } from '../../lib/realtime/stream/shared-endpoint.ts';

export const prerender = false;

/** `POST /api/stream {"prompt":"...","maxTokens":60}` — a reply streamed token by token as text/event-stream. */
export const POST: APIRoute = ({ request, clientAddress }) => tokenStreamEndpoint().handle(request, clientAddress);

/** `GET /api/stream` — how many token streams are open right now. */
export const GET: APIRoute = () => jsonResponse(200, { open: tokenStreamEndpoint().openStreams() });
