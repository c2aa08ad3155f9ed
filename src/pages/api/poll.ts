import type { APIRoute } from 'astro';
import { getRuntime } from '../../lib/realtime/runtime.ts';
import { handlePollRequest } from '../../lib/realtime/transports/poll-endpoints.ts';

export const prerender = false;

/** `GET /api/poll?topic=ticker|notifications&since=<cursor>` — short polling: answers at once. */
export const GET: APIRoute = ({ request }) => handlePollRequest(getRuntime(), request);
