import type { Hub } from '../hub.ts';
import { json, type Route } from '../http/api.ts';
import type { Transport } from '../transports/transport.ts';

/** `GET /api/stats`: what this process holds open right now: subscriptions per topic, then each transport's own figures. */
export function statsRoute(options: { hub: Hub; transports: readonly Transport[] }): Route {
  return {
    method: 'GET',
    path: '/api/stats',
    handler: () => {
      const body: Record<string, unknown> = { subscribers: options.hub.subscriberCounts() };
      for (const transport of options.transports) Object.assign(body, transport.stats());
      return json(200, body);
    },
  };
}
