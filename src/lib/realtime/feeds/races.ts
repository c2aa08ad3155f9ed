import { randomBytes } from 'node:crypto';
import type { Hub } from '../hub.ts';

/** What a reader asks for: how fast the server publishes, and for how long. */
export interface RaceSpec {
  ratePerSecond: number;
  durationSeconds: number;
}

/** A race in progress: its own topic, so readers racing at the same time do not disturb each other. */
export interface Race extends RaceSpec {
  id: string;
  topic: string;
  /** Server time of the first event, ms; lanes have until then to connect. */
  startsAt: number;
  /** Server time of the last event, ms. */
  endsAt: number;
  /** Events the race will publish: rate × duration. */
  expected: number;
}

/** The data of each race event: its number (from 1) and the total. */
export interface RaceTick {
  n: number;
  of: number;
}

/** Options for the race scheduler. */
export interface RaceOptions {
  /** Races running at once, over all readers. Default 20. */
  maxActive?: number;
  /** Time between starting a race and its first event, for the lanes to connect, ms. Default 1500. */
  leadMs?: number;
  /** How long a finished race's log is kept for late or resuming lanes, ms. Default 60 000. */
  lingerMs?: number;
}

/** Race topics look like `race:` + 10 base-36 characters. */
export const RACE_TOPIC = /^race:[0-9a-z]{10}$/;

/**
 * Publishes races: for each, `rate × duration` events on a topic of its own, evenly spaced from
 * `startsAt`, then forgets the topic after a while. Timers are scheduled against absolute times so
 * a late timer does not push every later event back.
 */
export class RaceFeeds {
  readonly #hub: Hub;
  readonly #maxActive: number;
  readonly #leadMs: number;
  readonly #lingerMs: number;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #active = 0;

  constructor(hub: Hub, options: RaceOptions = {}) {
    this.#hub = hub;
    this.#maxActive = options.maxActive ?? 20;
    this.#leadMs = options.leadMs ?? 1500;
    this.#lingerMs = options.lingerMs ?? 60_000;
  }

  /** Races publishing right now. */
  get active(): number {
    return this.#active;
  }

  /** Starts a race; undefined when the server already runs as many as it allows. */
  start(spec: RaceSpec): Race | undefined {
    if (this.#active >= this.#maxActive) return undefined;
    const id = raceId();
    const expected = spec.ratePerSecond * spec.durationSeconds;
    const interval = 1000 / spec.ratePerSecond;
    const startsAt = Date.now() + this.#leadMs;
    const race: Race = { ...spec, id, topic: `race:${id}`, startsAt, endsAt: startsAt + (expected - 1) * interval, expected };
    this.#active += 1;

    const publishNext = (n: number): void => {
      const due = startsAt + (n - 1) * interval;
      this.#timers.set(
        id,
        setTimeout(() => {
          // A publish the backplane refused leaves a gap the lanes see as a missed event; never a crash.
          this.#hub.publish(race.topic, 'race', { n, of: expected } satisfies RaceTick).catch(() => undefined);
          if (n < expected) return publishNext(n + 1);
          this.#active -= 1;
          this.#timers.set(id, setTimeout(() => this.#finish(id, race.topic), this.#lingerMs));
        }, Math.max(0, due - Date.now())),
      );
    };
    publishNext(1);
    return race;
  }

  /** Stops every race (server shutdown). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#active = 0;
  }

  #finish(id: string, topic: string): void {
    this.#timers.delete(id);
    this.#hub.forget(topic).catch((error: unknown) => console.error(`could not forget ${topic}`, error));
  }
}

function raceId(): string {
  return [...randomBytes(10)].map((byte) => (byte % 36).toString(36)).join('');
}
