import type { RaceFeeds } from '../feeds/races.ts';
import { errorReply, json, type Route } from '../http/api.ts';
import { readJsonBody } from '../http/body.ts';
import type { Limiter } from '../limits/shared-rate-limiter.ts';
import { parseInput, raceBodySchema } from '../schemas.ts';

/** `POST /api/race {"ratePerSecond":10,"durationSeconds":20}` → 201 with the race: its topic, start and end. */
export function raceRoute(options: { races: RaceFeeds; limiter: Limiter; maxPerIp: number }): Route {
  return {
    method: 'POST',
    path: '/api/race',
    handler: async (request) => {
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      const parsed = parseInput(raceBodySchema, body.value);
      if (!parsed.ok) return errorReply(400, parsed.error);
      if (!(await options.limiter.take(request.clientIp))) {
        return errorReply(429, 'too many races from this address; wait a few seconds', { 'Retry-After': '10' });
      }
      const started = options.races.start(parsed.value, request.clientIp);
      if (!started.ok) {
        const seconds = Math.max(1, Math.ceil(started.retryAfterMs / 1000));
        const error =
          started.limit === 'owner'
            ? `you already have ${options.maxPerIp} races running; a slot frees in ${seconds} s`
            : `the server is running as many races as it allows; a slot frees in ${seconds} s`;
        return errorReply(started.limit === 'owner' ? 429 : 503, error, { 'Retry-After': String(seconds) });
      }
      try {
        await started.opened;
      } catch {
        return errorReply(503, 'the race could not be set up (the backplane is unreachable); try again shortly', { 'Retry-After': '2' });
      }
      return json(201, { ...started.race, serverTime: Date.now() });
    },
  };
}
