/** Moving through the quiz one question at a time: pure arithmetic over positions, shared by the page and its tests. */

/** Where the reader is: the index of the shown question among `count` questions in the current sequence. */
export interface Step {
  index: number;
  count: number;
}

/** The step after moving by `delta` (±1), held inside the sequence: no wrapping past either end. */
export function move(step: Step, delta: number): Step {
  return { count: step.count, index: clampIndex(step.index + delta, step.count) };
}

/** A position that exists in a sequence of `count` (0 when the sequence is empty). */
export function clampIndex(index: number, count: number): number {
  if (count <= 0) return 0;
  return Math.min(Math.max(0, Math.trunc(index)), count - 1);
}

/** What the progress line says: "Question 3 of 73", or "Missed question 1 of 2" while reviewing. */
export function positionText(step: Step, reviewing: boolean): string {
  if (step.count === 0) return 'No question to show';
  return `${reviewing ? 'Missed question' : 'Question'} ${step.index + 1} of ${step.count}`;
}

/** Whether the shown question is the last of its sequence, where "next" becomes "see your score". */
export function isLast(step: Step): boolean {
  return step.index >= step.count - 1;
}
