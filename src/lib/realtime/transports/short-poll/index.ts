import { isUnknownRace, RACE_TOPIC, unknownRaceError } from '../../feeds/races.ts';
import type { Hub, ReadResult } from '../../hub.ts';
import { errorReply, jsonText, type Reply } from '../../http/api.ts';
import { parseInput } from '../../schemas.ts';
import type { Transport } from '../transport.ts';
import { pollBodyText, pollQuerySchema, queryParams } from '../poll-params.ts';

const toReply = (result: ReadResult): Reply => jsonText(200, pollBodyText(result));

/** Short polling as a unit: `GET /api/poll?topic=&since=` answers at once with the events after `since` (maybe none). */
export function createShortPollTransport(options: { hub: Hub }): Transport {
  let served = 0;
  return {
    name: 'short-poll',
    routes: [
      {
        method: 'GET',
        path: '/api/poll',
        // Not async: the common poll (a fixed topic) answers after one promise, the hub's read.
        handler: (request) => {
          const parsed = parseInput(pollQuerySchema, queryParams(request.query, ['topic', 'since', 'session']));
          if (!parsed.ok) return errorReply(400, parsed.error);
          const { topic, since } = parsed.value;
          const answer = (): Promise<Reply> => {
            served += 1;
            return options.hub.read(topic, since).then(toReply);
          };
          if (!RACE_TOPIC.test(topic)) return answer();
          return isUnknownRace(options.hub, topic).then((unknown) => (unknown ? errorReply(404, unknownRaceError(topic)) : answer()));
        },
      },
    ],
    stats: () => ({ shortPolls: served }),
    // Nothing is held between requests.
    close: async () => {},
  };
}
