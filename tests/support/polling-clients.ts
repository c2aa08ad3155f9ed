import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import type { PollReply } from '../../src/lib/realtime/protocol.ts';

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
 * Runs a polling client the way the widgets do: ask for what came after the cursor, again and
 * again, always sending back the cursor of the last reply.
 */
export async function runPollLoop(base: string, kind: 'short' | 'long', options: LoopOptions): Promise<LoopResult> {
  const result: LoopResult = { events: [], resets: [], requests: 0, empty: 0 };
  let cursor = options.since;
  const deadline = Date.now() + (options.deadlineMs ?? 30_000);
  while (result.events.length < options.want) {
    if (Date.now() > deadline) throw new Error(`${kind} poll loop got ${result.events.length} of ${options.want} events in time`);
    const path =
      kind === 'short'
        ? `/api/poll?topic=${options.topic}&since=${cursor}`
        : `/api/long-poll?topic=${options.topic}&since=${cursor}&timeout=${options.timeoutS ?? 5}`;
    const { status, body } = await getPoll(base, path);
    result.requests += 1;
    if (status !== 200 && status !== 204) throw new Error(`${path} answered ${status}`);
    if (!body || body.events.length === 0) result.empty += 1;
    if (body) {
      if (body.reset) result.resets.push(body.reset);
      result.events.push(...body.events);
      cursor = body.cursor;
    }
    if (kind === 'short') await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  return result;
}

/** The topic's head cursor, from a poll without `since`. */
export async function headCursor(base: string, topic: string): Promise<string> {
  return (await getPoll(base, `/api/poll?topic=${topic}`)).body!.cursor;
}
