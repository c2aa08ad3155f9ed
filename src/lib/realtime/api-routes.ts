import { clusterRoute, drainRoute, healthRoute } from './endpoints/cluster.ts';
import { publishRoute } from './endpoints/publish.ts';
import { raceRoute } from './endpoints/race.ts';
import { statsRoute } from './endpoints/stats.ts';
import { timeRoute } from './endpoints/time.ts';
import { usageRoute } from './endpoints/usage.ts';
import type { Route } from './http/api.ts';
import { RouteTable } from './http/route-table.ts';
import type { RealtimeRuntime } from './runtime.ts';

/**
 * Every HTTP route of the realtime API, in one table: the transports' own routes, then the rest.
 *
 * To add a route: write a handler against `ApiRequest` → `Reply` (src/lib/realtime/http/api.ts)
 * that takes only what it needs (a factory over narrow options, like publishRoute), list it here,
 * and add a one-line mount in src/pages/api/ (`export const ALL = serveApi;`) so `astro dev`
 * serves it too. A streaming answer returns a `stream` reply and sets `stream` on its route, so
 * HEAD opens nothing. The production server dispatches it before Astro with no further change.
 */
export function apiRoutes(runtime: RealtimeRuntime): Route[] {
  const { hub, transports } = runtime;
  return [
    ...transports.flatMap((transport) => transport.routes),
    timeRoute,
    publishRoute({ hub, limiter: runtime.publishLimiter }),
    raceRoute({ races: runtime.races, limiter: runtime.raceLimiter, maxPerIp: runtime.config.RACE_MAX_PER_IP }),
    usageRoute({ usage: runtime.usage }),
    statsRoute({ hub, transports, instanceId: runtime.instanceId, backplane: runtime.backplane }),
    healthRoute({ instanceId: runtime.instanceId, backplane: runtime.backplane }),
    clusterRoute({ cluster: runtime.cluster }),
    drainRoute({ cluster: runtime.cluster }),
    ...runtime.tokenStream.routes,
  ];
}

const tables = new WeakMap<RealtimeRuntime, RouteTable>();

/** The route table of `runtime`, built once. */
export function apiTable(runtime: RealtimeRuntime): RouteTable {
  let table = tables.get(runtime);
  if (!table) {
    table = new RouteTable(apiRoutes(runtime));
    tables.set(runtime, table);
  }
  return table;
}
