import type { Hub } from '../hub.ts';
import { errorReply, json, type Route } from '../http/api.ts';
import { readJsonBody } from '../http/body.ts';
import type { Limiter } from '../limits/shared-rate-limiter.ts';
import { parseInput, publishBodySchema } from '../schemas.ts';

/** `POST /api/publish {"topic":"notifications","text":"..."}` → 201 with the published event. */
export function publishRoute(options: { hub: Hub; limiter: Limiter }): Route {
  return {
    method: 'POST',
    path: '/api/publish',
    handler: async (request) => {
      if (!(await options.limiter.take(request.clientIp))) {
        return errorReply(429, 'too many notifications from this address; wait a few seconds', { 'Retry-After': '2' });
      }
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      const parsed = parseInput(publishBodySchema, body.value);
      if (!parsed.ok) return errorReply(400, parsed.error);
      const event = await options.hub.publish(parsed.value.topic, 'notification', { text: parsed.value.text });
      return json(201, event);
    },
  };
}
