/**
 * The sequence diagram's rules for what its time scale cannot show: at 20 s over a few hundred
 * pixels one pixel is about 80 ms, so a poll answered in 3 ms, a frame and its reply, or a burst of
 * messages would land on one line. Such lines are set apart or merged, and a note in the margin
 * right of the server lane gives the real time; then labels and notes are thinned so none overlap.
 */
import type { ArrowShape, NoteShape, Shape } from './sequence-types.ts';

/** Two labels (or notes) closer than this (px) would overlap: the older one goes without. */
export const LABEL_SPACING = 12;
/** The least distance (px) between the two lines of one exchange: an arrowhead is 7 px tall, so closer heads would touch. */
export const MIN_EXCHANGE_GAP = 8;
/** Messages the same way whose ticks fall within this many px of the first of their run are drawn as one tick. */
export const BURST_GAP = 4;

/** A real span of time, as a note says it: "<1 ms", "3 ms", "250 ms", "1.2 s". */
export function formatSpan(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Returns `shapes` made legible, changing the arrows in place: (1) each run of messages the same way
 * within BURST_GAP px becomes its first tick, with `count` set and a note "×N in T ms"; (2) each
 * exchange in `exchanges` (a request's arrow out and its answer), and each message answered by one
 * the other way, closer than MIN_EXCHANGE_GAP px is set that far apart around its middle, with a
 * note of the real time between them; (3) labels are kept only clear of other lines and LABEL_SPACING
 * apart, newest first, and notes thinned to LABEL_SPACING.
 * Notes are placed at `noteX`; a label must fit inside the drawing, 0 to `height` px.
 */
export function makeLegible(
  shapes: readonly Shape[],
  exchanges: ReadonlyArray<[ArrowShape, ArrowShape]>,
  noteX: number,
  height: number,
): Shape[] {
  const notes: NoteShape[] = [];
  const merged = mergeBursts(shapes, noteX, notes);
  const lines = merged.filter((shape): shape is ArrowShape => shape.type === 'arrow' || shape.type === 'tick');
  // Where each line was before any was moved: a pair makes room only up to halfway to its neighbours, so lines never swap order.
  const drawnAt = new Map(lines.map((line) => [line, line.y]));
  for (const [first, second] of [...exchanges, ...tickReplies(merged)]) setApart(first, second, drawnAt, noteX, notes);
  const result = [...merged, ...notes];
  spaceLabels(result, height);
  return result;
}

/** Replaces each burst of ticks the same way with its first tick, counting the others. */
function mergeBursts(shapes: readonly Shape[], noteX: number, notes: NoteShape[]): Shape[] {
  const absorbed = new Set<Shape>();
  for (const direction of ['up', 'down'] as const) {
    const ticks = shapes.filter((shape): shape is ArrowShape => shape.type === 'tick' && shape.direction === direction).sort(byTime);
    for (let start = 0; start < ticks.length;) {
      const first = ticks[start]!;
      let end = start + 1;
      while (end < ticks.length && ticks[end]!.y - first.y < BURST_GAP) end += 1;
      if (end - start > 1) {
        const last = ticks[end - 1]!;
        first.count = end - start;
        notes.push(note(`${first.key}:burst`, noteX, first.y, `×${first.count} in ${formatSpan(last.at - first.at)}`));
        for (const tick of ticks.slice(start + 1, end)) absorbed.add(tick);
      }
      start = end;
    }
  }
  return shapes.filter((shape) => !absorbed.has(shape));
}

/** Pairs of ticks where a message is followed at once by one the other way (a frame and its reply), in time order. */
function tickReplies(shapes: readonly Shape[]): Array<[ArrowShape, ArrowShape]> {
  const ticks = shapes.filter((shape): shape is ArrowShape => shape.type === 'tick').sort(byTime);
  const pairs: Array<[ArrowShape, ArrowShape]> = [];
  for (let index = 1; index < ticks.length; index += 1) {
    const [first, second] = [ticks[index - 1]!, ticks[index]!];
    if (first.direction !== second.direction && second.y - first.y < MIN_EXCHANGE_GAP) {
      pairs.push([first, second]);
      index += 1;
    }
  }
  return pairs;
}

/**
 * Moves an exchange's two lines MIN_EXCHANGE_GAP apart around their middle, or as far as their
 * neighbours allow (half the distance to the nearest other line), and notes their real time apart.
 */
function setApart(
  first: ArrowShape,
  second: ArrowShape,
  drawnAt: ReadonlyMap<ArrowShape, number>,
  noteX: number,
  notes: NoteShape[],
): void {
  const middle = (first.y + second.y) / 2;
  let half = MIN_EXCHANGE_GAP / 2;
  for (const [line, y] of drawnAt) {
    if (line !== first && line !== second) half = Math.min(half, Math.abs(y - middle) / 2);
  }
  if (second.y - first.y >= 2 * half) return;
  first.y = middle - half;
  second.y = middle + half;
  notes.push(note(`${second.key}:span`, noteX, middle, formatSpan(second.at - first.at)));
}

/** A note centred on `y` (its baseline a little below, for 9–10 px text). */
function note(key: string, x: number, y: number, text: string): NoteShape {
  return { type: 'note', key, x, y: y + 3, text };
}

/** How far a label's 10 px text reaches above its baseline and below it (px): no other line may pass through that box. */
export const LABEL_ASCENT = 8;
export const LABEL_DESCENT = 3;

/**
 * Places labels, arrows towards the server above their line and answers below it (so a request's
 * pair keeps both clear), or on the other side when that side is crossed; and keeps a label only
 * where it has room: no other arrow or tick passes through its text (at a 0.5 s poll interval lines
 * are 3–6 px apart and crossed every label), and its baseline is at least LABEL_SPACING from every
 * label kept before it, newest first (lowest on the plot); and it is not cut by the drawing's edge
 * (a label below the line for "now" once was). Notes, in their own margin, are thinned
 * by spacing alone: no line reaches there.
 */
function spaceLabels(shapes: Shape[], height: number): void {
  const lines = shapes.filter((shape): shape is ArrowShape => shape.type === 'arrow' || shape.type === 'tick');
  const labelled = lines.filter((shape) => shape.label !== undefined).sort((a, b) => b.y - a.y);
  const kept: number[] = [];
  const fits = (shape: ArrowShape, baseline: number): boolean =>
    baseline - LABEL_ASCENT >= 0 &&
    baseline + LABEL_DESCENT <= height &&
    lines.every((line) => line === shape || line.y < baseline - LABEL_ASCENT || line.y > baseline + LABEL_DESCENT) &&
    kept.every((other) => Math.abs(other - baseline) >= LABEL_SPACING);
  for (const shape of labelled) {
    const above = shape.y - 3;
    const below = shape.y + 10;
    const baseline = (shape.direction === 'up' ? [above, below] : [below, above]).find((candidate) => fits(shape, candidate));
    if (baseline === undefined) {
      delete shape.label;
      delete shape.labelY;
    } else {
      shape.labelY = baseline;
      kept.push(baseline);
    }
  }
  const notes = shapes.filter((shape): shape is NoteShape => shape.type === 'note').sort((a, b) => b.y - a.y);
  let lastY = Number.POSITIVE_INFINITY;
  for (const shown of notes) {
    if (lastY - shown.y < LABEL_SPACING) shapes.splice(shapes.indexOf(shown), 1);
    else lastY = shown.y;
  }
}

function byTime(a: ArrowShape, b: ArrowShape): number {
  return a.at - b.at;
}
