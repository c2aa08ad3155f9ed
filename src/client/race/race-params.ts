/** What a race is run with; the page's URL carries them (?rate=10&duration=20&interval=2). */
export interface RaceParams {
  /** Events per second the server publishes, 1–20. */
  rate: number;
  /** Seconds the server publishes for, 5–50 (the server allows 1000 events a race). */
  duration: number;
  /** Short polling's interval, seconds, 1–10. */
  interval: number;
}

export const DEFAULT_RACE_PARAMS: RaceParams = { rate: 10, duration: 20, interval: 2 };

/** Allowed range of each parameter, also used for the form's min and max. */
export const RACE_PARAM_LIMITS: Record<keyof RaceParams, { min: number; max: number }> = {
  rate: { min: 1, max: 20 },
  duration: { min: 5, max: 50 },
  interval: { min: 1, max: 10 },
};

/** Reads the parameters from a query string; a missing or out-of-range value gets its default. Pure. */
export function readRaceParams(search: string): RaceParams {
  const query = new URLSearchParams(search);
  const read = (key: keyof RaceParams): number => {
    const text = query.get(key);
    const value = text !== null && /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    const { min, max } = RACE_PARAM_LIMITS[key];
    return value >= min && value <= max ? value : DEFAULT_RACE_PARAMS[key];
  };
  return { rate: read('rate'), duration: read('duration'), interval: read('interval') };
}

/** The query string that reproduces a race: `?rate=10&duration=20&interval=2`. */
export function raceQuery(params: RaceParams): string {
  return `?rate=${params.rate}&duration=${params.duration}&interval=${params.interval}`;
}
