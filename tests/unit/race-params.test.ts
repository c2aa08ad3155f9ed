import { describe, expect, it } from 'vitest';
import { DEFAULT_RACE_PARAMS, raceQuery, readRaceParams } from '../../src/client/race/race-params.ts';

describe('race parameters in the URL', () => {
  it('reads rate, duration and interval back from the query string', () => {
    expect(readRaceParams('?rate=5&duration=30&interval=3')).toEqual({ rate: 5, duration: 30, interval: 3 });
  });

  it('round-trips through raceQuery', () => {
    const params = { rate: 20, duration: 50, interval: 1 };
    expect(raceQuery(params)).toBe('?rate=20&duration=50&interval=1');
    expect(readRaceParams(raceQuery(params))).toEqual(params);
  });

  it('falls back to the defaults for missing, malformed or out-of-range values', () => {
    expect(readRaceParams('')).toEqual(DEFAULT_RACE_PARAMS);
    expect(readRaceParams('?rate=0&duration=61&interval=abc')).toEqual(DEFAULT_RACE_PARAMS);
    expect(readRaceParams('?rate=2.5&duration=-5&interval=1e1')).toEqual(DEFAULT_RACE_PARAMS);
    expect(readRaceParams('?rate=21')).toEqual(DEFAULT_RACE_PARAMS);
  });
});
