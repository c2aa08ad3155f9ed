import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';

/** A steady stream of notifications published in the background. */
export interface SteadyPublisher {
  /** Ids of the events the server accepted (201), in order. */
  readonly accepted: string[];
  /** Status of every refused publish (503 while the backplane is down, 0 for a network error). */
  readonly refused: number[];
  /** Stops after the publish in flight; resolves with `accepted`. */
  stop(): Promise<string[]>;
}

/** Publishes a notification on `base` every 1000/perSecond ms until stopped; refusals are recorded, not thrown. */
export function keepPublishing(base: string, perSecond: number, topic = 'notifications'): SteadyPublisher {
  const accepted: string[] = [];
  const refused: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const next = Date.now() + 1000 / perSecond;
      try {
        const response = await fetch(`${base}/api/publish`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ topic, text: `steady ${i}` }),
          signal: AbortSignal.timeout(5000),
        });
        if (response.status === 201) accepted.push(((await response.json()) as RealtimeEvent).id);
        else {
          refused.push(response.status);
          await response.body?.cancel();
        }
      } catch {
        refused.push(0);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  return {
    accepted,
    refused,
    async stop() {
      running = false;
      await loop;
      return accepted;
    },
  };
}
