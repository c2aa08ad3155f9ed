import { describe, expect, it } from 'vitest';
import { isCorrect, isValidResponse, missed, score, type AnswerKey } from '../../src/client/quiz/scoring.ts';
import { newSeed, scramble, seedFromText, seededRandom, shuffle, type Random } from '../../src/client/quiz/shuffle.ts';

/** A random source that plays back fixed numbers. */
function sequence(...values: number[]): Random {
  let index = 0;
  return () => values[index++ % values.length]!;
}

describe('quiz shuffling', () => {
  it('is Fisher–Yates: each step swaps position i with floor(random × (i + 1))', () => {
    // i=3: j=floor(0.1×4)=0 → [d,b,c,a]; i=2: j=floor(0.9×3)=2 → same; i=1: j=floor(0.5×2)=1 → same.
    expect(shuffle(['a', 'b', 'c', 'd'], sequence(0.1, 0.9, 0.5))).toEqual(['d', 'b', 'c', 'a']);
  });

  it('leaves the input untouched and keeps every item', () => {
    const items = [1, 2, 3, 4, 5, 6];
    const result = shuffle(items, seededRandom(7));
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...result].sort()).toEqual(items);
  });

  it('gives the same order for the same seed and another for another seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffle(items, seededRandom(42))).toEqual(shuffle(items, seededRandom(42)));
    expect(shuffle(items, seededRandom(42))).not.toEqual(shuffle(items, seededRandom(43)));
  });

  it('scramble never hands back the solved order', () => {
    // random ≥ 0.999… makes every Fisher–Yates step swap an item with itself: the identity.
    expect(shuffle(['a', 'b', 'c'], sequence(0.9999))).toEqual(['a', 'b', 'c']);
    expect(scramble(['a', 'b', 'c'], sequence(0.9999))).toEqual(['b', 'c', 'a']);
    for (let seed = 0; seed < 200; seed++) expect(scramble(['a', 'b'], seededRandom(seed))).toEqual(['b', 'a']);
  });

  it('draws numbers in [0, 1) from a seed, repeatably, and derives stable seeds from text', () => {
    const random = seededRandom(1);
    const draws = Array.from({ length: 1000 }, random);
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(990);
    expect(seedFromText('sse-reconnect')).toBe(seedFromText('sse-reconnect'));
    expect(seedFromText('sse-reconnect')).not.toBe(seedFromText('sse-reconnects'));
    expect(seedFromText('')).toBe(0x811c9dc5);
    expect(newSeed(() => 0.5)).toBe(2147483648);
  });
});

const keys: AnswerKey[] = [
  { id: 'one', topic: 'sse', kind: 'single', size: 3, correct: [1] },
  { id: 'many', topic: 'sse', kind: 'multiple', size: 4, correct: [0, 2] },
  { id: 'steps', topic: 'ws', kind: 'order', size: 3, correct: [0, 1, 2] },
  { id: 'case', topic: 'ws', kind: 'scenario', size: 3, correct: [2] },
];
const topics = [
  { topic: 'sse', label: 'Server-Sent Events' },
  { topic: 'ws', label: 'WebSockets' },
];

describe('quiz marking', () => {
  it('marks a single choice right only for the right option', () => {
    expect(isCorrect(keys[0]!, [1])).toBe(true);
    expect(isCorrect(keys[0]!, [0])).toBe(false);
  });

  it('marks a multiple select right only for exactly the right set, in any order', () => {
    expect(isCorrect(keys[1]!, [2, 0])).toBe(true);
    expect(isCorrect(keys[1]!, [0])).toBe(false);
    expect(isCorrect(keys[1]!, [0, 2, 3])).toBe(false);
  });

  it('marks an ordering right only in exactly the right sequence', () => {
    expect(isCorrect(keys[2]!, [0, 1, 2])).toBe(true);
    expect(isCorrect(keys[2]!, [1, 0, 2])).toBe(false);
  });

  it('refuses malformed answers: out of range, repeated, fractional, or the wrong count', () => {
    expect(isValidResponse(keys[0]!, [3])).toBe(false);
    expect(isValidResponse(keys[0]!, [0, 1])).toBe(false);
    expect(isValidResponse(keys[0]!, [])).toBe(false);
    expect(isValidResponse(keys[1]!, [0, 0])).toBe(false);
    expect(isValidResponse(keys[1]!, [])).toBe(false);
    expect(isValidResponse(keys[2]!, [0, 1])).toBe(false);
    expect(isValidResponse(keys[2]!, [0.5, 1, 2])).toBe(false);
    expect(isValidResponse(keys[2]!, [-1, 1, 2])).toBe(false);
    expect(isCorrect(keys[2]!, [0, 1, 2, 2])).toBe(false);
  });

  it('scores by topic and overall, counting unanswered questions only in the totals', () => {
    const answers = { one: [1], many: [0], steps: [0, 1, 2] };
    expect(score(keys, answers, topics)).toEqual({
      overall: { total: 4, answered: 3, correct: 2 },
      byTopic: [
        { topic: 'sse', label: 'Server-Sent Events', total: 2, answered: 2, correct: 1 },
        { topic: 'ws', label: 'WebSockets', total: 2, answered: 1, correct: 1 },
      ],
    });
    expect(missed(keys, answers)).toEqual(['many']);
    expect(missed(keys, {})).toEqual([]);
  });

  it('fails loudly on a question whose topic is not in the list', () => {
    expect(() => score([{ ...keys[0]!, topic: 'carrier-pigeon' }], {}, topics)).toThrow('question one has unknown topic carrier-pigeon');
  });
});
