/** Shuffling for the quiz. Randomness is passed in, so an attempt can be replayed from its seed and tests can pin it. */

/** A source of numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** A new array with the items of `items` in random order (Fisher–Yates), drawing from `random`. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/**
 * Like shuffle, but never returns the original order (when there are two or more items): an
 * ordering question that starts out already solved teaches nothing.
 */
export function scramble<T>(items: readonly T[], random: Random): T[] {
  const result = shuffle(items, random);
  if (result.length > 1 && result.every((item, index) => item === items[index])) result.push(result.shift()!);
  return result;
}

/** A repeatable random source (mulberry32) from a 32-bit seed: the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed derived from a string (FNV-1a), for orders that must be the same on every build. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A fresh seed for a new attempt. */
export function newSeed(random: Random = Math.random): number {
  return Math.floor(random() * 4294967296) >>> 0;
}
