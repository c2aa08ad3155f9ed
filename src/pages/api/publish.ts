import type { APIRoute } from 'astro';
import { errorResponse, jsonResponse, readJsonBody } from '../../lib/realtime/http.ts';
import { getRuntime } from '../../lib/realtime/runtime.ts';
import { parseInput, publishBodySchema } from '../../lib/realtime/schemas.ts';

export const prerender = false;

/** `POST /api/publish {"topic":"notifications","text":"..."}` → 201 with the published event. */
export const POST: APIRoute = async ({ request, clientAddress }) => {
  const runtime = getRuntime();
  if (!(await runtime.publishLimiter.take(clientAddress))) {
    return errorResponse(429, 'too many notifications from this address; wait a few seconds', { 'Retry-After': '2' });
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseInput(publishBodySchema, body.value);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  const event = await runtime.hub.publish(parsed.value.topic, 'notification', { text: parsed.value.text });
  return jsonResponse(201, event);
};
