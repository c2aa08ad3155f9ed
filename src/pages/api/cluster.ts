import type { APIRoute } from 'astro';
import { errorResponse, jsonResponse } from '../../lib/realtime/http.ts';
import { getRuntime } from '../../lib/realtime/runtime.ts';

export const prerender = false;

/** `GET /api/cluster` — the instance that answered, and every live instance with its open connections. */
export const GET: APIRoute = async () => {
  const { cluster } = getRuntime();
  try {
    return jsonResponse(200, await cluster.view());
  } catch {
    return errorResponse(503, 'the instance list is in Redis, which cannot be reached right now', { 'Retry-After': '2' });
  }
};
