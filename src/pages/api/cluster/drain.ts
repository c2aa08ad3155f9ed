import type { APIRoute } from 'astro';
import { drainSchema, requestDrain } from '../../../lib/realtime/cluster/drain.ts';
import { errorResponse, jsonResponse, readJsonBody } from '../../../lib/realtime/http.ts';
import { getRuntime } from '../../../lib/realtime/runtime.ts';
import { parseInput } from '../../../lib/realtime/schemas.ts';

export const prerender = false;

/**
 * `POST /api/cluster/drain {"instance":"instance-2"}` — on a local `npm run cluster` only
 * (CLUSTER_DEMO=1): the runner sends that instance SIGTERM, and starts it again once it has exited.
 */
export const POST: APIRoute = async ({ request }) => {
  const { cluster } = getRuntime();
  if (!cluster.demo) return errorResponse(404, 'draining is a demo of local clusters (npm run cluster) only');
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseInput(drainSchema, body.value);
  if (!parsed.ok) return errorResponse(400, parsed.error);
  const { instance } = parsed.value;
  const known = await cluster.ids().catch(() => undefined);
  if (!known) return errorResponse(503, 'Redis cannot be reached, so the instances are unknown', { 'Retry-After': '2' });
  if (!known.includes(instance)) return errorResponse(404, `no live instance is called ${instance}`);
  if (!requestDrain(instance)) return errorResponse(404, 'this process was not started by npm run cluster');
  return jsonResponse(202, { draining: instance });
};
