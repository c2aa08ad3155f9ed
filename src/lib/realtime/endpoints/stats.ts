import type { Hub } from '../hub.ts';
import { json, type Route } from '../http/api.ts';
import type { Backplane } from '../backplane.ts';
import type { Transport } from '../transports/transport.ts';

/**
 * `GET /api/stats`: which instance this is and its backplane, then what it holds open right now:
 * subscriptions per topic, then each transport's own figures.
 */
export function statsRoute(options: {
  hub: Hub;
  transports: readonly Transport[];
  instanceId: string;
  backplane: Pick<Backplane, 'kind' | 'healthy'>;
}): Route {
  return {
    method: 'GET',
    path: '/api/stats',
    handler: () => {
      const body: Record<string, unknown> = {
        instance: options.instanceId,
        backplane: { kind: options.backplane.kind, healthy: options.backplane.healthy },
        subscribers: options.hub.subscriberCounts(),
      };
      for (const transport of options.transports) Object.assign(body, transport.stats());
      return json(200, body);
    },
  };
}
