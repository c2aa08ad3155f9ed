import type { PollClient, PollClientOptions } from '../transport/poll-loop.ts';
import { LongPollClient } from '../transport/long-poll.ts';
import { ShortPollClient } from '../transport/short-poll.ts';
import type { UsageMeter } from '../usage-meter.ts';
import { LaneCounters, type RaceLane, type RaceTarget } from './lane.ts';
import { meterLane } from './usage-bytes.ts';

/** Long polls wait at most this long, s: a race's events arrive far sooner. */
const LONG_POLL_TIMEOUT_S = 10;

/**
 * A polling lane: the transport layer's client on the race topic, one request at a time, each
 * continuing from the cursor of the last answer. It counts every request, and notes the one still
 * out when the race stops: one the browser never sent shows no timing, only that it went unanswered.
 */
abstract class PollLane implements RaceLane {
  abstract readonly transport: 'short-polling' | 'long-polling';
  counters = new LaneCounters('measured');
  #client: PollClient | undefined;
  #meter: UsageMeter | undefined;
  /** When the request now out left (Date.now()); undefined between requests. */
  #outSince: number | undefined;

  start(target: RaceTarget): void {
    this.counters = new LaneCounters('measured');
    this.counters.expected = target.expected;
    this.#outSince = undefined;
    this.#meter = meterLane(target.session, this.counters);
    this.#client = this.createClient(target, {
      topic: target.topic,
      params: () => ({ session: target.session }),
      onRequest: () => {
        this.counters.requests += 1;
        this.counters.connections = 1;
        this.#outSince = Date.now();
        return ({ outcome }) => {
          this.counters.connections = 0;
          this.#outSince = undefined;
          if (outcome === 'empty' || outcome === 'timeout') this.counters.empty += 1;
        };
      },
      onEvent: (event) => this.counters.deliver(event, target.offsetMs),
    });
    this.#client.start();
  }

  async stop(): Promise<void> {
    if (this.#outSince !== undefined) this.counters.unanswered = { issuedAt: this.#outSince, stoppedAt: Date.now() };
    this.#client?.stop();
    this.counters.connections = 0;
    this.#meter?.stop();
    await this.#meter?.refresh();
  }

  /** The layer's client for this kind of polling. */
  protected abstract createClient(target: RaceTarget, options: PollClientOptions): PollClient;
}

/** Short polling: GET /api/poll every `pollIntervalMs`, counted from each request's start. */
export class ShortPollLane extends PollLane {
  readonly transport = 'short-polling' as const;
  protected createClient(target: RaceTarget, options: PollClientOptions): PollClient {
    return new ShortPollClient({ ...options, intervalMs: target.pollIntervalMs });
  }
}

/** Long polling: GET /api/long-poll, held by the server until there is an event. */
export class LongPollLane extends PollLane {
  readonly transport = 'long-polling' as const;
  protected createClient(_target: RaceTarget, options: PollClientOptions): PollClient {
    return new LongPollClient({ ...options, timeoutS: LONG_POLL_TIMEOUT_S });
  }
}
