import type { APIRoute } from 'astro';
import { getRuntime } from '../../lib/realtime/runtime.ts';
import { handleSseRequest } from '../../lib/realtime/transports/sse-endpoint.ts';

export const prerender = false;

/** `GET /api/sse?topic=ticker|notifications` — an event stream with hello/live events and resume. */
export const GET: APIRoute = ({ request, clientAddress }) =>
  handleSseRequest(getRuntime(), request, clientAddress, { controlEvents: true });
