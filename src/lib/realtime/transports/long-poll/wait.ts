import type { Hub, ReadResult } from '../../hub.ts';
import type { RealtimeEvent } from '../../event.ts';

/** Options for one long-poll wait. */
export interface LongPollWait {
  topic: string;
  /** Events after this cursor are wanted; without it, only events published from now on. */
  since?: string;
  /** How long to hold the request before giving up, in ms. */
  timeoutMs: number;
  /** Aborts when the client goes away; the wait then ends at once and lets everything go. */
  signal: AbortSignal;
}

/**
 * Waits for events after `since`: answers at once when some already exist (or the cursor needs a
 * reset), otherwise holds until the next event, the timeout, or the abort. Resolves undefined for
 * the last two. Events that arrive together (a replay, a burst in one tick) come back together.
 */
export async function waitForEvents(hub: Hub, wait: LongPollWait): Promise<ReadResult | undefined> {
  const first = await hub.read(wait.topic, wait.since);
  if (first.events.length > 0 || first.reset) return first;
  if (wait.signal.aborted) return undefined;

  return new Promise((resolve) => {
    const collected: RealtimeEvent[] = [];
    let settled = false;
    const finish = (result: ReadResult | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      wait.signal.removeEventListener('abort', onAbort);
      subscription.close();
      resolve(result);
    };
    const onAbort = (): void => finish(undefined);
    // Subscribing from the cursor the read returned replays anything published in between, so no
    // event falls into the gap between the read and the subscription.
    const subscription = hub.subscribe(
      wait.topic,
      {
        onEvent: (event) => {
          collected.push(event);
          if (collected.length === 1) queueMicrotask(() => finish({ events: collected, cursor: collected.at(-1)!.id }));
        },
        onReset: (notice) => finish({ events: [], cursor: notice.cursor, reset: notice }),
      },
      first.cursor,
    );
    const timer = setTimeout(() => finish(undefined), wait.timeoutMs);
    wait.signal.addEventListener('abort', onAbort, { once: true });
  });
}
