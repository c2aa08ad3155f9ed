import { PATHS, type PollReply } from '../../lib/realtime/protocol.ts';
import type { UsageMeter } from '../usage-meter.ts';
import { LaneCounters, type RaceLane, type RaceTarget } from './lane.ts';
import { meterLane } from './usage-bytes.ts';

/** Long polls wait at most this long, s: a race's events arrive far sooner. */
const LONG_POLL_TIMEOUT_S = 10;

/**
 * A polling lane: one request at a time on /api/poll (every interval) or /api/long-poll (again
 * as soon as one answers), each continuing from the cursor of the last answer.
 */
abstract class PollLane implements RaceLane {
  abstract readonly transport: 'short-polling' | 'long-polling';
  counters = new LaneCounters('measured');
  #abort: AbortController | undefined;
  #meter: UsageMeter | undefined;
  #loop: Promise<void> | undefined;
  protected target: RaceTarget | undefined;

  start(target: RaceTarget): void {
    this.target = target;
    this.counters = new LaneCounters('measured');
    this.counters.expected = target.expected;
    this.#abort = new AbortController();
    this.#meter = meterLane(target.session, this.counters);
    this.#loop = this.#run(target, this.#abort.signal);
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    await this.#loop;
    this.#meter?.stop();
    await this.#meter?.refresh();
  }

  /** The URL of the next request after `since`. */
  protected abstract url(target: RaceTarget, since: string | undefined): string;
  /** Waits before the next request (short polling's interval). */
  protected abstract pause(target: RaceTarget, signal: AbortSignal): Promise<void>;

  async #run(target: RaceTarget, signal: AbortSignal): Promise<void> {
    let since: string | undefined;
    while (!signal.aborted) {
      try {
        this.counters.requests += 1;
        this.counters.connections = 1;
        const response = await fetch(this.url(target, since), { cache: 'no-store', signal });
        this.counters.connections = 0;
        if (response.status === 204) {
          this.counters.empty += 1;
          continue;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as PollReply;
        if (body.events.length === 0) this.counters.empty += 1;
        const now = Date.now();
        for (const event of body.events) this.counters.deliver(event, target.offsetMs, now);
        since = body.cursor;
        await this.pause(target, signal);
      } catch {
        this.counters.connections = 0;
        // Aborted by stop(), or a failed request: wait a moment and ask again from the same cursor.
        if (!signal.aborted) await sleep(500, signal);
      }
    }
  }
}

/** Short polling: GET /api/poll every `pollIntervalMs`. */
export class ShortPollLane extends PollLane {
  readonly transport = 'short-polling' as const;
  protected url(target: RaceTarget, since: string | undefined): string {
    return pollUrl(PATHS.poll, target, since);
  }
  protected pause(target: RaceTarget, signal: AbortSignal): Promise<void> {
    return sleep(target.pollIntervalMs, signal);
  }
}

/** Long polling: GET /api/long-poll, held by the server until there is an event. */
export class LongPollLane extends PollLane {
  readonly transport = 'long-polling' as const;
  protected url(target: RaceTarget, since: string | undefined): string {
    return `${pollUrl(PATHS.longPoll, target, since)}&timeout=${LONG_POLL_TIMEOUT_S}`;
  }
  protected pause(): Promise<void> {
    return Promise.resolve();
  }
}

function pollUrl(path: string, target: RaceTarget, since: string | undefined): string {
  const query = new URLSearchParams({ topic: target.topic, session: target.session });
  if (since) query.set('since', since);
  return `${path}?${query}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
