import { describe, expect, it } from 'vitest';
import type { AnswerKey } from '../../src/client/quiz/scoring.ts';
import {
  PROGRESS_KEY,
  PROGRESS_VERSION,
  clearProgress,
  freshProgress,
  loadProgress,
  parseProgress,
  saveProgress,
  serializeProgress,
  type ProgressStorage,
} from '../../src/client/quiz/progress.ts';

const keys: AnswerKey[] = [
  { id: 'one', topic: 'sse', kind: 'single', size: 3, correct: [1] },
  { id: 'many', topic: 'sse', kind: 'multiple', size: 4, correct: [0, 2] },
  { id: 'steps', topic: 'ws', kind: 'order', size: 3, correct: [0, 1, 2] },
];

/** An in-memory Storage, optionally one that throws like a browser with storage turned off. */
function memoryStorage(options: { throws?: boolean } = {}): ProgressStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const guard = (): void => {
    if (options.throws) throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  return {
    items,
    getItem: (key) => (guard(), items.get(key) ?? null),
    setItem: (key, value) => (guard(), void items.set(key, value)),
    removeItem: (key) => (guard(), void items.delete(key)),
  };
}

describe('quiz progress', () => {
  it('writes a versioned record and reads the same record back', () => {
    const progress = {
      ...freshProgress(12345, { total: 30, answered: 30, correct: 21 }),
      answers: { one: [1], many: [0, 2], steps: [2, 0, 1] },
    };
    const text = serializeProgress(progress);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      seed: 12345,
      answers: { one: [1], many: [0, 2], steps: [2, 0, 1] },
      previous: { total: 30, answered: 30, correct: 21 },
    });
    expect(parseProgress(text, keys)).toEqual(progress);
    expect(PROGRESS_VERSION).toBe(1);
  });

  it.each([
    ['nothing stored', null],
    ['an empty string', ''],
    ['text that is not JSON', '{"version":1,'],
    ['JSON that is not an object', '"hello"'],
    ['another version', JSON.stringify({ version: 2, seed: 1, answers: {} })],
    ['no version', JSON.stringify({ seed: 1, answers: {} })],
    ['a negative seed', JSON.stringify({ version: 1, seed: -1, answers: {} })],
    ['a fractional seed', JSON.stringify({ version: 1, seed: 1.5, answers: {} })],
    ['answers that are not a record', JSON.stringify({ version: 1, seed: 1, answers: [1, 2] })],
    ['an answer that is not a list of numbers', JSON.stringify({ version: 1, seed: 1, answers: { one: 'b' } })],
    ['a broken previous score', JSON.stringify({ version: 1, seed: 1, answers: {}, previous: { total: 'many' } })],
  ])('ignores %s', (_what, text) => {
    expect(parseProgress(text, keys)).toBeUndefined();
  });

  it('keeps the good answers and drops those that no longer fit the bank', () => {
    // Written as text: an object literal would turn "__proto__" into a prototype, not a key.
    const stored = '{"version":1,"seed":9,"answers":{"one":[5],"many":[0,2],"steps":[0,1],"removed":[0],"__proto__":[1]}}';
    const progress = parseProgress(stored, keys);
    expect(progress).toEqual({ version: 1, seed: 9, answers: { many: [0, 2] } });
    expect(Object.getPrototypeOf(progress!.answers)).toBe(Object.prototype);
  });

  it('round-trips through storage, and clearing forgets it', () => {
    const storage = memoryStorage();
    const progress = { ...freshProgress(77), answers: { one: [0] } };
    expect(saveProgress(storage, progress)).toBe(true);
    expect([...storage.items.keys()]).toEqual([PROGRESS_KEY]);
    expect(loadProgress(storage, keys)).toEqual(progress);
    expect(clearProgress(storage)).toBe(true);
    expect(loadProgress(storage, keys)).toBeUndefined();
  });

  it('carries on without remembering when storage is turned off or missing', () => {
    const blocked = memoryStorage({ throws: true });
    expect(loadProgress(blocked, keys)).toBeUndefined();
    expect(saveProgress(blocked, freshProgress(1))).toBe(false);
    expect(clearProgress(blocked)).toBe(false);
    expect(loadProgress(undefined, keys)).toBeUndefined();
    expect(saveProgress(undefined, freshProgress(1))).toBe(false);
  });
});
