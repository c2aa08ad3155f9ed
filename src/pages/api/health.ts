import type { APIRoute } from 'astro';
import { healthReport } from '../../lib/realtime/cluster/health.ts';
import { jsonResponse } from '../../lib/realtime/http.ts';
import { getRuntime } from '../../lib/realtime/runtime.ts';

export const prerender = false;

/** `GET /api/health` — 200 `{ok: true, instance, backplane}` while this instance can serve its feeds, 503 when not. */
export const GET: APIRoute = () => {
  const { instanceId, backplane } = getRuntime();
  const { status, body } = healthReport(instanceId, { kind: backplane.kind, healthy: backplane.healthy });
  return jsonResponse(status, body);
};
