import type { Backplane } from '../backplane.ts';
import type { ClusterPresence } from '../cluster/cluster-presence.ts';
import { drainSchema, requestDrain } from '../cluster/drain.ts';
import { healthReport } from '../cluster/health.ts';
import { errorReply, json, type Route } from '../http/api.ts';
import { readJsonBody } from '../http/body.ts';
import { parseInput } from '../schemas.ts';

/** `GET /api/health`: 200 `{ok: true, instance, backplane}` while this instance can serve its feeds, 503 when not (what nginx and load balancers probe). */
export function healthRoute(options: { instanceId: string; backplane: Pick<Backplane, 'kind' | 'healthy'> }): Route {
  return {
    method: 'GET',
    path: '/api/health',
    handler: () => {
      const { status, body } = healthReport(options.instanceId, { kind: options.backplane.kind, healthy: options.backplane.healthy });
      return json(status, body);
    },
  };
}

/** `GET /api/cluster`: the instance that answered, and every live instance with its open connections. */
export function clusterRoute(options: { cluster: ClusterPresence }): Route {
  return {
    method: 'GET',
    path: '/api/cluster',
    handler: async () => {
      try {
        return json(200, await options.cluster.view());
      } catch {
        return errorReply(503, 'the instance list is in Redis, which cannot be reached right now', { 'Retry-After': '2' });
      }
    },
  };
}

/**
 * `POST /api/cluster/drain {"instance":"instance-2"}`: on a local `npm run cluster` only
 * (CLUSTER_DEMO=1), the runner sends that instance SIGTERM and starts it again once it has exited.
 */
export function drainRoute(options: { cluster: ClusterPresence }): Route {
  return {
    method: 'POST',
    path: '/api/cluster/drain',
    handler: async (request) => {
      const { cluster } = options;
      if (!cluster.demo) return errorReply(404, 'draining is a demo of local clusters (npm run cluster) only');
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      const parsed = parseInput(drainSchema, body.value);
      if (!parsed.ok) return errorReply(400, parsed.error);
      const { instance } = parsed.value;
      const known = await cluster.ids().catch(() => undefined);
      if (!known) return errorReply(503, 'Redis cannot be reached, so the instances are unknown', { 'Retry-After': '2' });
      if (!known.includes(instance)) return errorReply(404, `no live instance is called ${instance}`);
      if (!requestDrain(instance)) return errorReply(404, 'this process was not started by npm run cluster');
      return json(202, { draining: instance });
    },
  };
}
