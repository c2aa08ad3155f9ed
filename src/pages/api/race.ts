import type { APIRoute } from 'astro';
import { errorResponse, jsonResponse, readJsonBody } from '../../lib/realtime/http.ts';
import { getRuntime } from '../../lib/realtime/runtime.ts';
import { parseInput, raceBodySchema } from '../../lib/realtime/schemas.ts';

export const prerender = false;

/** `POST /api/race {"ratePerSecond":10,"durationSeconds":20}` → 201 with the race: its topic, start and end. */
export const POST: APIRoute = async ({ request, clientAddress }) => {
  const runtime = getRuntime();
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseInput(raceBodySchema, body.value);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  if (!(await runtime.raceLimiter.take(clientAddress))) {
    return errorResponse(429, 'too many races from this address; wait a few seconds', { 'Retry-After': '10' });
  }
  const started = runtime.races.start(parsed.value, clientAddress);
  if (!started.ok) {
    const seconds = Math.max(1, Math.ceil(started.retryAfterMs / 1000));
    const error =
      started.limit === 'owner'
        ? `you already have ${runtime.config.RACE_MAX_PER_IP} races running; a slot frees in ${seconds} s`
        : `the server is running as many races as it allows; a slot frees in ${seconds} s`;
    return errorResponse(started.limit === 'owner' ? 429 : 503, error, { 'Retry-After': String(seconds) });
  }
  return jsonResponse(201, { ...started.race, serverTime: Date.now() });
};
