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
  /** Races one owner (a client address) may have running at once. Default 2. */
  maxPerOwner?: number;
  /** Time between starting a race and its first event, for the lanes to connect, ms. Default 1500. */
  leadMs?: number;
  /** How long a finished race's log is kept for late or resuming lanes, ms. Default 60 000. */
  lingerMs?: number;
}

/** The answer to a start: the race, or which cap refused it and when a slot frees (ms from now). */
export type RaceStart =
  | {
      ok: true;
      race: Race;
      /** Resolves once every instance can find the race's topic; answer the client after it. */ opened: Promise<void>;
    }
  | { ok: false; limit: 'owner' | 'server'; retryAfterMs: number };

/** Race topics look like `race:` + 10 base-36 characters. */
export const RACE_TOPIC = /^race:[0-9a-z]{10}$/;

const NOT_A_RACE = Promise.resolve(false);

/** True for a race topic nobody started here or in the cluster (or one already forgotten); asks without creating it. */
export function isUnknownRace(hub: Hub, topic: string): Promise<boolean> {
  // Most reads are of fixed topics: they skip the bus (and the extra promise) entirely.
  if (!RACE_TOPIC.test(topic)) return NOT_A_RACE;
  return hub.exists(topic).then((exists) => !exists);
}

/** What a read of an unknown race is told (with 404). */
export function unknownRaceError(topic: string): string {
  return `topic: no race ${topic} is running; start one with POST /api/race`;
}

/**
 * Publishes races: for each, `rate × duration` events on a topic of its own, evenly spaced from
 * `startsAt`, then forgets the topic after a while. Timers are scheduled against absolute times so
 * a late timer does not push every later event back.
 */
export class RaceFeeds {
  readonly #hub: Hub;
  readonly #maxActive: number;
  readonly #maxPerOwner: number;
  readonly #leadMs: number;
  readonly #lingerMs: number;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Races still publishing: who started each, and when it ends. */
  readonly #running = new Map<string, { owner: string; endsAt: number }>();

  constructor(hub: Hub, options: RaceOptions = {}) {
    this.#hub = hub;
    this.#maxActive = options.maxActive ?? 20;
    this.#maxPerOwner = options.maxPerOwner ?? 2;
    this.#leadMs = options.leadMs ?? 1500;
    this.#lingerMs = options.lingerMs ?? 60_000;
  }

  /** Races publishing right now. */
  get active(): number {
    return this.#running.size;
  }

  /**
   * Starts a race for `owner`; refused when the owner, or the server as a whole, already runs as
   * many as allowed, with the time until the first of those ends, so the reader knows when to retry.
   */
  start(spec: RaceSpec, owner: string): RaceStart {
    const mine = [...this.#running.values()].filter((race) => race.owner === owner);
    if (mine.length >= this.#maxPerOwner) return { ok: false, limit: 'owner', retryAfterMs: this.#untilFirstEnds(mine) };
    if (this.#running.size >= this.#maxActive) {
      return { ok: false, limit: 'server', retryAfterMs: this.#untilFirstEnds([...this.#running.values()]) };
    }
    const id = raceId();
    const expected = spec.ratePerSecond * spec.durationSeconds;
    const interval = 1000 / spec.ratePerSecond;
    const startsAt = Date.now() + this.#leadMs;
    const race: Race = { ...spec, id, topic: `race:${id}`, startsAt, endsAt: startsAt + (expected - 1) * interval, expected };
    this.#running.set(id, { owner, endsAt: race.endsAt });
    // Lanes connect during the lead time, before the first event: the topic must exist from now.
    // On a shared bus that takes a round trip, which the caller awaits before answering.
    // On a shared bus the topic also expires on its own (lead + run + linger + RACE_TOPIC_SPARE_MS),
    // in case this process dies before it can forget it.
    const opened = this.#hub.open(race.topic, race.endsAt - Date.now() + this.#lingerMs + RACE_TOPIC_SPARE_MS);
    opened.catch(() => {});

    const publishNext = (n: number): void => {
      const due = startsAt + (n - 1) * interval;
      this.#timers.set(
        id,
        setTimeout(
          () => {
            // A publish the backplane refused leaves a gap the lanes see as a missed event; never a crash.
            this.#hub.publish(race.topic, 'race', { n, of: expected } satisfies RaceTick).catch(() => undefined);
            if (n < expected) return publishNext(n + 1);
            this.#running.delete(id);
            this.#timers.set(
              id,
              setTimeout(() => this.#finish(id, race.topic), this.#lingerMs),
            );
          },
          Math.max(0, due - Date.now()),
        ),
      );
    };
    publishNext(1);
    return { ok: true, race, opened };
  }

  #untilFirstEnds(races: { endsAt: number }[]): number {
    return Math.max(0, Math.min(...races.map((race) => race.endsAt)) - Date.now());
  }

  /** Stops every race (server shutdown). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#running.clear();
  }

  #finish(id: string, topic: string): void {
    this.#timers.delete(id);
    this.#hub.forget(topic).catch((error: unknown) => console.error(`could not forget ${topic}`, error));
  }
}

/** How long a race's topic outlives the race and its linger on a shared bus before it expires unforgotten. */
export const RACE_TOPIC_SPARE_MS = 10 * 60_000;

function raceId(): string {
  return [...randomBytes(10)].map((byte) => (byte % 36).toString(36)).join('');
}
