import type { Race } from '../../lib/realtime/feeds/races.ts';
import { TRANSPORTS, type Transport } from '../../data/comparison.ts';
import { PATHS } from '../../lib/realtime/protocol.ts';
import type { ClockEstimate } from '../clock.ts';
import { newSessionId } from '../usage-meter.ts';
import type { RaceLane } from './lane.ts';
import { LongPollLane, ShortPollLane } from './poll-lanes.ts';
import { SseLane, WebSocketLane } from './push-lanes.ts';
import type { RaceParams } from './race-params.ts';

/** How long after the last event the lanes may still deliver, ms (a short poll waits up to its interval). */
const GRACE_MS = 1500;

/** A race as the page runs it: the server's race, and the four lanes racing on its topic. */
export interface RunningRace {
  race: Race;
  lanes: Record<Transport, RaceLane>;
  /** The clock offset the lanes correct latency with; its uncertainty bounds what can be shown. */
  clock: ClockEstimate;
  /** Browser time (performance.now()) when the lanes started. */
  startedAt: number;
  /** Resolves when every lane has stopped and its final numbers are in. */
  done: Promise<void>;
}

/**
 * Asks the server for a race, opens all four lanes on its topic and stops them after the last
 * event; `clock` is the page's measured offset to the server, which every lane's latency uses.
 */
export async function runRace(params: RaceParams, clock: ClockEstimate, signal: AbortSignal): Promise<RunningRace> {
  const response = await fetch(PATHS.race, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ratePerSecond: params.rate, durationSeconds: params.duration }),
  });
  if (!response.ok) {
    const { error } = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as { error: string };
    throw new Error(error);
  }
  const race = (await response.json()) as Race;
  // Keep every request's timing of this race for the connection-pool check (the default buffer holds 250).
  performance.clearResourceTimings();
  performance.setResourceTimingBufferSize(5000);
  const startedAt = performance.now();
  const lanes: Record<Transport, RaceLane> = {
    'short-polling': new ShortPollLane(),
    'long-polling': new LongPollLane(),
    sse: new SseLane(),
    websockets: new WebSocketLane(),
  };
  for (const transport of TRANSPORTS) {
    lanes[transport].start({
      topic: race.topic,
      expected: race.expected,
      offsetMs: clock.offsetMs,
      pollIntervalMs: params.interval * 1000,
      session: newSessionId(),
    });
  }
  // Stop once every lane has every event, or the grace after the last one (and a poll interval) is over.
  const endsAtLocal = race.endsAt - clock.offsetMs + GRACE_MS + params.interval * 1000;
  const done = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      const complete = TRANSPORTS.every((t) => lanes[t].counters.delivered >= race.expected);
      if (complete || Date.now() >= endsAtLocal || signal.aborted) {
        clearInterval(check);
        resolve();
      }
    }, 200);
  }).then(async () => {
    await Promise.all(TRANSPORTS.map((t) => lanes[t].stop()));
    for (const t of TRANSPORTS) lanes[t].counters.finished = true;
  });
  return { race, lanes, clock, startedAt, done };
}
