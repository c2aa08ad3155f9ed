import { isUnknownRace, unknownRaceError } from '../../feeds/races.ts';
import type { Hub } from '../../hub.ts';
import { empty, errorReply, jsonText, refusalReply } from '../../http/api.ts';
import { ConnectionCounter, refusalFor } from '../../limits/connection-counter.ts';
import { parseInput } from '../../schemas.ts';
import type { Transport } from '../transport.ts';
import { longPollQuerySchema, pollBodyText, queryParams } from '../poll-params.ts';
import { WaitingRoom } from './waiting-room.ts';

/** What the long-poll transport needs. */
export interface LongPollTransportOptions {
  hub: Hub;
  /** Long polls one client address may have held at once (LONG_POLL_MAX_PER_IP). */
  maxPerIp: number;
  /** Long polls held over all clients (MAX_LONG_POLLS); default no process-wide cap. */
  maxTotal?: number;
}

/**
 * Long polling as a unit: `GET /api/long-poll?topic=&since=&timeout=` answers as soon as there
 * are events after `since`, or 204 when `timeout` seconds pass first. Each held request takes one
 * of its address's slots until it ends. On close, every held poll is answered 204 at once, so its
 * client asks again (of this server's successor) instead of seeing its connection reset.
 */
export function createLongPollTransport(options: LongPollTransportOptions): Transport {
  const slots = new ConnectionCounter(options.maxPerIp, options.maxTotal);
  const room = new WaitingRoom(options.hub);
  let closing = false;
  return {
    name: 'long-poll',
    routes: [
      {
        method: 'GET',
        path: '/api/long-poll',
        handler: async (request) => {
          const parsed = parseInput(longPollQuerySchema, queryParams(request.query, ['topic', 'since', 'session', 'timeout']));
          if (!parsed.ok) return errorReply(400, parsed.error);
          if (await isUnknownRace(options.hub, parsed.value.topic)) return errorReply(404, unknownRaceError(parsed.value.topic));
          if (closing) return empty(204);
          const slot = slots.acquire(request.clientIp);
          if (!slot.ok) return refusalReply(refusalFor(slot.limit, 'waiting long polls', options.maxPerIp, 1));
          try {
            const { topic, since, timeout } = parsed.value;
            // The client leaving ends the wait at once; the transport closing ends it through the room.
            const result = await room.wait({ topic, since, timeoutMs: timeout * 1000, signal: request.signal });
            return result ? jsonText(200, pollBodyText(result)) : empty(204);
          } finally {
            slot.release();
          }
        },
      },
    ],
    stats: () => ({ longPolls: slots.total() }),
    close: async () => {
      closing = true;
      room.close();
    },
  };
}
