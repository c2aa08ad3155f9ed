import { PATHS } from '../lib/realtime/protocol.ts';

/**
 * Estimates how far the server's clock is from this browser's, so latency can be measured as
 * (arrival in browser time) − (server ts converted to browser time).
 *
 * NTP-style: for each sample, offset = serverNow − midpoint of the round trip. The sample with the
 * shortest round trip is kept, since its midpoint guess has the least room to be wrong
 * (error ≤ rtt / 2).
 */
export interface ClockEstimate {
  /** server time − browser time, in ms. */
  offsetMs: number;
  /** Round trip of the sample used; the offset is right to within half of it. */
  rttMs: number;
}

/** One /api/time round trip: browser times before and after, and the server time it answered. */
export interface ClockSample {
  sentAt: number;
  serverNow: number;
  receivedAt: number;
}

/** Picks the best estimate from samples (pure; tested without a network). */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate {
  if (samples.length === 0) throw new Error('no clock samples');
  let best: ClockEstimate | undefined;
  for (const { sentAt, serverNow, receivedAt } of samples) {
    const rttMs = receivedAt - sentAt;
    const offsetMs = serverNow - (sentAt + receivedAt) / 2;
    if (!best || rttMs < best.rttMs) best = { offsetMs, rttMs };
  }
  return best!;
}

let cached: Promise<ClockEstimate> | undefined;

/**
 * Measures the offset once per page and shares it between widgets: one warm-up request (it pays
 * for opening the connection), then `samples` sequential round trips of /api/time. Default 8.
 */
export function measureClockOffset(samples = 8): Promise<ClockEstimate> {
  cached ??= (async () => {
    await fetch(PATHS.time, { cache: 'no-store' }).then((response) => response.arrayBuffer());
    const taken: ClockSample[] = [];
    for (let i = 0; i < samples; i++) {
      const sentAt = performance.timeOrigin + performance.now();
      const response = await fetch(PATHS.time, { cache: 'no-store' });
      const { now } = (await response.json()) as { now: number };
      taken.push({ sentAt, serverNow: now, receivedAt: performance.timeOrigin + performance.now() });
    }
    return estimateOffset(taken);
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

/** Milliseconds from the server stamping `serverTs` to now, in browser time corrected by `offsetMs`. */
export function latencySince(serverTs: number, offsetMs: number, now = Date.now()): number {
  return now - (serverTs - offsetMs);
}
