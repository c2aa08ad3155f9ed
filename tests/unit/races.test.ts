import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { isUnknownRace, RACE_TOPIC, RaceFeeds, type Race, type RaceStart } from '../../src/lib/realtime/feeds/races.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';
import { parseInput, raceBodySchema, topicSchema } from '../../src/lib/realtime/schemas.ts';

function started(start: RaceStart): Race {
  if (!start.ok) throw new Error(`refused: ${start.limit}`);
  return start.race;
}

describe('races', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('publishes rate × duration events on its own topic, evenly spaced from startsAt', async () => {
    const hub = new Hub(new MemoryBus({ epoch: 'r' }));
    const races = new RaceFeeds(hub, { leadMs: 500, lingerMs: 1000 });
    const race = started(races.start({ ratePerSecond: 4, durationSeconds: 2 }, 'me'));
    expect(race.topic).toMatch(RACE_TOPIC);
    expect(race).toMatchObject({ startsAt: 1_000_500, endsAt: 1_000_500 + 7 * 250, expected: 8 });
    const times: number[] = [];
    hub.subscribe(race.topic, { onEvent: (event) => times.push(event.ts) });
    await vi.advanceTimersByTimeAsync(499);
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(times).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => 1_000_500 + i * 250));
    const { events } = await hub.read(race.topic, 'r-0');
    expect(events.map((event) => event.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ n, of: 8 })));
    expect(races.active).toBe(0);
  });

  it('makes its topic known from the start, and unknown after the linger time; reading an unknown race creates nothing', async () => {
    const hub = new Hub(new MemoryBus({ epoch: 'r' }));
    const races = new RaceFeeds(hub, { leadMs: 1000, lingerMs: 1000 });
    expect(await isUnknownRace(hub, 'race:abcdefghij')).toBe(true);
    await hub.read('race:abcdefghij', 'r-0');
    await hub.head('race:abcdefghij');
    expect(await hub.exists('race:abcdefghij')).toBe(false);
    const race = started(races.start({ ratePerSecond: 1, durationSeconds: 1 }, 'me'));
    // Before its first event, lanes connecting during the lead time find it.
    expect(await isUnknownRace(hub, race.topic)).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await hub.exists(race.topic)).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await isUnknownRace(hub, race.topic)).toBe(true);
    // Standing topics are never "unknown races".
    expect(await isUnknownRace(hub, 'ticker')).toBe(false);
  });

  it('forgets the topic after the linger time', async () => {
    const hub = new Hub(new MemoryBus({ epoch: 'r' }));
    const races = new RaceFeeds(hub, { leadMs: 0, lingerMs: 1000 });
    const race = started(races.start({ ratePerSecond: 1, durationSeconds: 2 }, 'me'));
    await vi.advanceTimersByTimeAsync(1500);
    expect(await hub.head(race.topic)).toBe('r-2');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await hub.head(race.topic)).toBe('r-0');
  });

  it('refuses a race past the number running at once, saying when the first running one ends', () => {
    const races = new RaceFeeds(new Hub(new MemoryBus()), { maxActive: 1, leadMs: 1000 });
    expect(races.start({ ratePerSecond: 1, durationSeconds: 2 }, 'a').ok).toBe(true);
    expect(races.start({ ratePerSecond: 1, durationSeconds: 2 }, 'b')).toEqual({ ok: false, limit: 'server', retryAfterMs: 2000 });
    races.close();
  });

  it('caps the races one address runs at once, so a few readers cannot take every slot', async () => {
    const races = new RaceFeeds(new Hub(new MemoryBus()), { maxActive: 20, maxPerOwner: 2, leadMs: 0 });
    started(races.start({ ratePerSecond: 1, durationSeconds: 3 }, 'greedy'));
    started(races.start({ ratePerSecond: 1, durationSeconds: 5 }, 'greedy'));
    expect(races.start({ ratePerSecond: 1, durationSeconds: 1 }, 'greedy')).toEqual({ ok: false, limit: 'owner', retryAfterMs: 2000 });
    expect(races.start({ ratePerSecond: 1, durationSeconds: 1 }, 'someone-else').ok).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(races.start({ ratePerSecond: 1, durationSeconds: 1 }, 'greedy').ok).toBe(true);
    races.close();
  });
});

describe('race inputs', () => {
  it('accepts standing topics and race topics only', () => {
    expect(parseInput(topicSchema, 'race:abcdefghij')).toEqual({ ok: true, value: 'race:abcdefghij' });
    expect(parseInput(topicSchema, 'race:nope')).toEqual({ ok: false, error: 'must be race:<id> with the id POST /api/race returned' });
    expect(parseInput(topicSchema, 'weather')).toEqual({ ok: false, error: 'must be one of: ticker, notifications' });
  });

  it.each([
    [{ ratePerSecond: 0, durationSeconds: 5 }, 'ratePerSecond: must be at least 1'],
    [{ ratePerSecond: 21, durationSeconds: 5 }, 'ratePerSecond: must be at most 20'],
    [{ ratePerSecond: 2.5, durationSeconds: 5 }, 'ratePerSecond: must be a whole number'],
    [{ ratePerSecond: 5, durationSeconds: 61 }, 'durationSeconds: must be at most 60'],
    [{ ratePerSecond: '5', durationSeconds: 5 }, 'ratePerSecond: must be a number'],
    [{ ratePerSecond: 20, durationSeconds: 60 }, 'durationSeconds: ratePerSecond × durationSeconds must be at most 1000 events'],
  ])('refuses race %j', (body, error) => {
    expect(parseInput(raceBodySchema, body)).toEqual({ ok: false, error });
  });
});
