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
  const race = runtime.races.start(parsed.value);
  if (!race) return errorResponse(503, 'the server is running as many races as it allows; try again shortly', { 'Retry-After': '10' });
  return jsonResponse(201, { ...race, serverTime: Date.now() });
};
