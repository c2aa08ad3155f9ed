/** Marking and scoring quiz answers: pure functions over an answer key read from the page. */

/**
 * What the browser needs to mark one question. Options and items are numbered in the bank's
 * (authored) order; for an ordering question the authored order is the right one.
 */
export interface AnswerKey {
  id: string;
  topic: string;
  kind: 'single' | 'multiple' | 'scenario' | 'order';
  /** Number of options (choice) or items (order). */
  size: number;
  /** Indices of the right options; for an ordering question 0, 1, … size-1. */
  correct: readonly number[];
}

/** A reader's answer: chosen option indices, or item indices in the order the reader put them. */
export type Response = readonly number[];

/** A topic as the score table lists it. */
export interface TopicInfo {
  topic: string;
  label: string;
}

export interface Tally {
  total: number;
  answered: number;
  correct: number;
}

export interface Score {
  overall: Tally;
  byTopic: Array<TopicInfo & Tally>;
}

/** Whether `response` is a well-formed answer to `key` (right or wrong): the shape stored progress must have. */
export function isValidResponse(key: AnswerKey, response: Response): boolean {
  const inRange = response.every((index) => Number.isInteger(index) && index >= 0 && index < key.size);
  const distinct = new Set(response).size === response.length;
  if (!inRange || !distinct) return false;
  if (key.kind === 'order') return response.length === key.size;
  if (key.kind === 'multiple') return response.length >= 1;
  return response.length === 1;
}

/** Right means exact: the same set of options (choice questions), or the same sequence (ordering). */
export function isCorrect(key: AnswerKey, response: Response): boolean {
  if (!isValidResponse(key, response)) return false;
  if (key.kind === 'order') return response.every((index, position) => index === key.correct[position]);
  const chosen = new Set(response);
  return chosen.size === key.correct.length && key.correct.every((index) => chosen.has(index));
}

/** Counts answered and right questions, overall and per topic (topics in the order given). */
export function score(keys: readonly AnswerKey[], answers: Readonly<Record<string, Response>>, topics: readonly TopicInfo[]): Score {
  const tallies = new Map(topics.map((topic) => [topic.topic, { ...topic, total: 0, answered: 0, correct: 0 }]));
  const overall: Tally = { total: 0, answered: 0, correct: 0 };
  for (const key of keys) {
    const tally = tallies.get(key.topic);
    if (!tally) throw new Error(`question ${key.id} has unknown topic ${key.topic}`);
    const response = answers[key.id];
    const right = response !== undefined && isCorrect(key, response);
    for (const counter of [tally, overall]) {
      counter.total += 1;
      if (response !== undefined) counter.answered += 1;
      if (right) counter.correct += 1;
    }
  }
  return { overall, byTopic: [...tallies.values()] };
}

/** Ids of the answered questions whose answer was wrong, in the order of `keys`. */
export function missed(keys: readonly AnswerKey[], answers: Readonly<Record<string, Response>>): string[] {
  return keys.filter((key) => answers[key.id] !== undefined && !isCorrect(key, answers[key.id]!)).map((key) => key.id);
}
