import type { APIRoute } from 'astro';
import { getRuntime } from '../../lib/realtime/runtime.ts';
import { handleLongPollRequest } from '../../lib/realtime/transports/poll-endpoints.ts';

export const prerender = false;

/** `GET /api/long-poll?topic=...&since=<cursor>&timeout=<s>` — held until an event, or 204 at the timeout. */
export const GET: APIRoute = ({ request, clientAddress }) => handleLongPollRequest(getRuntime(), request, clientAddress);
