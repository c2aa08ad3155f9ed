import { isUnknownRace, unknownRaceError } from '../../feeds/races.ts';
import type { Hub } from '../../hub.ts';
import { errorReply, jsonText } from '../../http/api.ts';
import { parseInput } from '../../schemas.ts';
import type { Transport } from '../transport.ts';
import { pollBodyText, pollQuerySchema, queryParams } from '../poll-params.ts';

/** Short polling as a unit: `GET /api/poll?topic=&since=` answers at once with the events after `since` (maybe none). */
export function createShortPollTransport(options: { hub: Hub }): Transport {
  let served = 0;
  return {
    name: 'short-poll',
    routes: [
      {
        method: 'GET',
        path: '/api/poll',
        handler: async (request) => {
          const parsed = parseInput(pollQuerySchema, queryParams(request.query, ['topic', 'since', 'session']));
          if (!parsed.ok) return errorReply(400, parsed.error);
          if (await isUnknownRace(options.hub, parsed.value.topic)) return errorReply(404, unknownRaceError(parsed.value.topic));
          served += 1;
          return jsonText(200, pollBodyText(await options.hub.read(parsed.value.topic, parsed.value.since)));
        },
      },
    ],
    stats: () => ({ shortPolls: served }),
    // Nothing is held between requests.
    close: async () => {},
  };
}
