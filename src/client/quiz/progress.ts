/**
 * Quiz progress as kept in localStorage: versioned JSON, checked when read back. Stored data is
 * never trusted: another version of the site, another tab or a hand edit may have written it, so
 * anything malformed is ignored (the reader starts fresh) and answers that no longer fit the bank
 * are dropped one by one, never a crash.
 */
import * as z from 'zod/mini';
import { isValidResponse, type AnswerKey, type Response, type Tally } from './scoring.ts';

/** Bumped whenever the stored shape changes; other versions are ignored. */
export const PROGRESS_VERSION = 1;

/** The localStorage key of the interview quiz. */
export const PROGRESS_KEY = 'realtime-lab:interview-quiz';

export interface QuizProgress {
  version: typeof PROGRESS_VERSION;
  /** Seed of this attempt's shuffle, so a reload shows the same order. */
  seed: number;
  /** Checked answers by question id. */
  answers: Record<string, Response>;
  /** Score of the attempt before the last restart, if any. */
  previous?: Tally;
  /** Id of the question the reader was on, so a reload opens the quiz at the same place. */
  current?: string;
}

const count = z.int().check(z.minimum(0));
const storedSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  seed: z.int().check(z.minimum(0), z.maximum(4294967295)),
  answers: z.record(z.string().check(z.maxLength(100)), z.array(z.int()).check(z.maxLength(20))),
  previous: z.optional(z.object({ total: count, answered: count, correct: count })),
  current: z.optional(z.string().check(z.maxLength(100))),
});

/** A new attempt with no answers. */
export function freshProgress(seed: number, previous?: Tally): QuizProgress {
  return previous ? { version: PROGRESS_VERSION, seed, answers: {}, previous } : { version: PROGRESS_VERSION, seed, answers: {} };
}

/** The text stored for `progress`. */
export function serializeProgress(progress: QuizProgress): string {
  return JSON.stringify(progress);
}

/**
 * Reads stored text back: undefined when it is missing, not JSON, of another version or the
 * wrong shape; otherwise the progress with only the answers that still fit a question in `keys`.
 */
export function parseProgress(text: string | null | undefined, keys: readonly AnswerKey[]): QuizProgress | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = storedSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const keyById = new Map(keys.map((key) => [key.id, key]));
  const answers: Record<string, Response> = {};
  for (const [id, response] of Object.entries(parsed.data.answers)) {
    const key = keyById.get(id);
    if (key && isValidResponse(key, response)) answers[id] = response;
  }
  const fresh = { ...freshProgress(parsed.data.seed, parsed.data.previous), answers };
  const current = parsed.data.current;
  return current !== undefined && keyById.has(current) ? { ...fresh, current } : fresh;
}

/** The parts of Storage the quiz uses (localStorage, or a stand-in in tests). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads progress from storage; undefined if there is none, it is unusable, or storage is blocked. */
export function loadProgress(storage: ProgressStorage | undefined, keys: readonly AnswerKey[]): QuizProgress | undefined {
  try {
    return parseProgress(storage?.getItem(PROGRESS_KEY), keys);
  } catch {
    // Browsers throw on access when storage is disabled; the quiz then simply does not remember.
    return undefined;
  }
}

/** Stores progress; false when storage refused it (full, disabled), which the quiz can live with. */
export function saveProgress(storage: ProgressStorage | undefined, progress: QuizProgress): boolean {
  try {
    storage?.setItem(PROGRESS_KEY, serializeProgress(progress));
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** Forgets stored progress; false when storage refused. */
export function clearProgress(storage: ProgressStorage | undefined): boolean {
  try {
    storage?.removeItem(PROGRESS_KEY);
    return storage !== undefined;
  } catch {
    return false;
  }
}
