import type { APIRoute } from 'astro';
import { getRuntime } from '../lib/realtime/runtime.ts';
import { handleSseRequest } from '../lib/realtime/transports/sse-endpoint.ts';

export const prerender = false;

/** `GET /events` — the ticker as plain `message` events, so the seed's EventSource snippet runs as written. */
export const GET: APIRoute = ({ request, clientAddress }) =>
  handleSseRequest(getRuntime(), request, clientAddress, { defaultTopic: 'ticker', controlEvents: false });
