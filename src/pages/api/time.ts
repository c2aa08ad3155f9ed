import type { APIRoute } from 'astro';
import { jsonResponse } from '../../lib/realtime/http.ts';

export const prerender = false;

/** Server time, for the browser's clock-offset estimate. */
export const GET: APIRoute = () => jsonResponse(200, { now: Date.now() });
