import { errorReply, json, type Route } from '../http/api.ts';
import { parseInput } from '../schemas.ts';
import { usageQuerySchema } from '../usage/session-id.ts';
import type { UsageStore } from '../usage/usage-store.ts';

/** `GET /api/usage?session=<id>`: bytes the session's requests moved, measured on the server's sockets. */
export function usageRoute(options: { usage: UsageStore }): Route {
  return {
    method: 'GET',
    path: '/api/usage',
    handler: (request) => {
      const parsed = parseInput(usageQuerySchema, { session: request.query.get('session') ?? undefined });
      if (!parsed.ok) return errorReply(400, parsed.error);
      const { session } = parsed.value;
      return json(200, options.usage.snapshot(session) ?? { session, requests: 0, received: 0, sent: 0, open: 0, routes: {} });
    },
  };
}
