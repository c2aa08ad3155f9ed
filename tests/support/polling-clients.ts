import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import type { PollReply, WireEvent } from '../../src/lib/realtime/protocol.ts';
import { LongPollClient } from '../../src/client/transport/long-poll.ts';
import { ShortPollClient } from '../../src/client/transport/short-poll.ts';

export type { PollReply };

/** GETs a poll endpoint; the body is parsed JSON, or undefined for a 204. */
export async function getPoll(
  base: string,
  path: string,
  signal?: AbortSignal,
): Promise<{ status: number; body: PollReply | undefined; raw: string }> {
  const response = await fetch(`${base}${path}`, { signal });
  const raw = await response.text();
  return { status: response.status, body: raw ? (JSON.parse(raw) as PollReply) : undefined, raw };
}

/** Options for a client loop. */
export interface LoopOptions {
  topic: string;
  /** The cursor to start after (take the head with a poll without `since`). */
  since: string;
  /** Short polling waits this long between requests; long polling re-requests at once. */
  intervalMs?: number;
  /** Seconds each long poll may be held. */
  timeoutS?: number;
  /** Stops once this many events have arrived. */
  want: number;
  /** Gives up after this many ms. */
  deadlineMs?: number;
}

/** What a client loop saw. */
export interface LoopResult {
  events: RealtimeEvent[];
  resets: ResetNotice[];
  requests: number;
  empty: number;
}

/**
 * Runs the client layer's short- or long-polling client from `since` until `want` events have
 * arrived, counting its requests (and the ones that brought nothing) through its traffic hook.
 */
export async function runPollLoop(base: string, kind: 'short' | 'long', options: LoopOptions): Promise<LoopResult> {
  const result: LoopResult = { events: [], resets: [], requests: 0, empty: 0 };
  const { promise, resolve, reject } = Promise.withResolvers<LoopResult>();
  const traffic = {
    sent: () => {
      result.requests += 1;
      return (outcome: string) => {
        if (outcome !== 'data') result.empty += 1;
      };
    },
  };
  const handlers = {
    origin: base,
    topic: options.topic,
    traffic,
    onReset: (reset: ResetNotice) => result.resets.push(reset),
    onEvent: (event: WireEvent) => {
      result.events.push(event as RealtimeEvent);
      if (result.events.length >= options.want) resolve(result);
    },
  };
  const client =
    kind === 'short'
      ? new ShortPollClient({ ...handlers, intervalMs: options.intervalMs ?? 50 })
      : new LongPollClient({ ...handlers, timeoutS: options.timeoutS ?? 5 });
  const timer = setTimeout(
    () => reject(new Error(`${kind} poll loop got ${result.events.length} of ${options.want} events in time`)),
    options.deadlineMs ?? 30_000,
  );
  client.start(options.since);
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
    client.stop();
  }
}

/** The topic's head cursor, from a poll without `since`. */
export async function headCursor(base: string, topic: string): Promise<string> {
  return (await getPoll(base, `/api/poll?topic=${topic}`)).body!.cursor;
}
