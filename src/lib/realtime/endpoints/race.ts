import type { RaceFeeds } from '../feeds/races.ts';
import { errorReply, json, type Route } from '../http/api.ts';
import { readJsonBody } from '../http/body.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { parseInput, raceBodySchema } from '../schemas.ts';

/** `POST /api/race {"ratePerSecond":10,"durationSeconds":20}` → 201 with the race: its topic, start and end. */
export function raceRoute(options: { races: RaceFeeds; limiter: RateLimiter }): Route {
  return {
    method: 'POST',
    path: '/api/race',
    handler: async (request) => {
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      const parsed = parseInput(raceBodySchema, body.value);
      if (!parsed.ok) return errorReply(400, parsed.error);
      if (!options.limiter.take(request.clientIp)) {
        return errorReply(429, 'too many races from this address; wait a few seconds', { 'Retry-After': '10' });
      }
      const race = options.races.start(parsed.value);
      if (!race) return errorReply(503, 'the server is running as many races as it allows; try again shortly', { 'Retry-After': '10' });
      return json(201, { ...race, serverTime: Date.now() });
    },
  };
}
