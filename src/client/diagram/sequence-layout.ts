/**
 * The sequence diagram's geometry, as pure functions: traffic a widget really had in, shapes with
 * pixel coordinates out. Two lanes, the browser on the left and the server on the right; time flows
 * down, the oldest moment of the window at the top and "now" at the bottom.
 */
import { makeLegible } from './sequence-legibility.ts';
import {
  DEFAULT_WINDOW_MS,
  type ArrowShape,
  type DiagramItem,
  type DiagramLayout,
  type LayoutOptions,
  type Shape,
} from './sequence-types.ts';

/** Room for the lane names above the plot, in px. */
export const LANE_HEADER = 22;
/** Room below the plot, in px, so the line for "now" is not cut by the edge. */
const BOTTOM_MARGIN = 4;

/** How much time one pixel of the plot stands for in a diagram `height` px tall, e.g. about 80 ms at 280 px and 20 s. */
export function msPerPixel(height: number, windowMs = DEFAULT_WINDOW_MS): number {
  return windowMs / (height - BOTTOM_MARGIN - LANE_HEADER);
}

/** Where notes start, right of the server lane's centre: clear of its bar (6 px wide). */
const NOTE_OFFSET = 7;

/** Lays out `items` for the moment `options.now`; anything that ended before the window is left out. */
export function layoutSequence(items: readonly DiagramItem[], options: LayoutOptions): DiagramLayout {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const from = options.now - windowMs;
  const top = LANE_HEADER;
  const bottom = options.height - BOTTOM_MARGIN;
  const browserX = Math.min(64, Math.round(options.width * 0.2));
  // The right margin is wider: it holds the notes that give the real time where the scale cannot show it.
  const serverX = options.width - Math.min(88, Math.round(options.width * 0.27));
  const yAt = (t: number): number => top + ((Math.min(Math.max(t, from), options.now) - from) / windowMs) * (bottom - top);
  const inWindow = (t: number): boolean => t >= from && t <= options.now;
  const shapes: Shape[] = [];
  const exchanges: Array<[ArrowShape, ArrowShape]> = [];

  for (const item of items) {
    if (item.kind === 'request') {
      const end = item.endedAt;
      if ((end ?? options.now) < from || item.sentAt > options.now) continue;
      const tone = end === undefined ? 'held' : (item.outcome ?? 'empty');
      shapes.push({
        type: 'bar',
        key: `${item.key}:held`,
        x: serverX,
        y1: yAt(item.sentAt),
        y2: yAt(end ?? options.now),
        open: end === undefined,
        clipped: item.sentAt < from,
        tone,
      });
      let out: ArrowShape | undefined;
      if (inWindow(item.sentAt)) {
        out = {
          type: 'arrow',
          key: `${item.key}:out`,
          direction: 'up',
          at: item.sentAt,
          y: yAt(item.sentAt),
          x1: browserX,
          x2: serverX,
          tone: 'request',
          label: item.label,
        };
        shapes.push(out);
      }
      if (end !== undefined && inWindow(end)) {
        // An aborted request got no answer: the page closed it, so that arrow points at the server.
        const aborted = item.outcome === 'aborted';
        const back: ArrowShape = {
          type: 'arrow',
          key: `${item.key}:${aborted ? 'abort' : 'back'}`,
          direction: aborted ? 'up' : 'down',
          at: end,
          y: yAt(end),
          x1: aborted ? browserX : serverX,
          x2: aborted ? serverX : browserX,
          tone: item.outcome ?? 'empty',
        };
        if (item.answer !== undefined) back.label = item.answer;
        shapes.push(back);
        // A request answered in a few ms would draw both arrows on one line: makeLegible sets them apart.
        if (out) exchanges.push([out, back]);
      }
    } else if (item.kind === 'connection') {
      const end = item.closedAt;
      if ((end ?? options.now) < from || item.openedAt > options.now) continue;
      shapes.push({
        type: 'bar',
        key: `${item.key}:open`,
        x: serverX,
        y1: yAt(item.openedAt),
        y2: yAt(end ?? options.now),
        open: end === undefined,
        clipped: item.openedAt < from,
        tone: 'connection',
      });
      if (item.openArrow !== false && inWindow(item.openedAt)) {
        shapes.push({
          type: 'arrow',
          key: `${item.key}:out`,
          direction: 'up',
          at: item.openedAt,
          y: yAt(item.openedAt),
          x1: browserX,
          x2: serverX,
          tone: 'request',
          label: item.label,
        });
      }
      if (end !== undefined && item.end !== undefined && inWindow(end)) {
        const byPage = item.closedBy === 'page';
        shapes.push({
          type: 'arrow',
          key: `${item.key}:end`,
          direction: byPage ? 'up' : 'down',
          at: end,
          y: yAt(end),
          x1: byPage ? browserX : serverX,
          x2: byPage ? serverX : browserX,
          tone: 'aborted',
          label: item.end,
        });
      }
    } else if (inWindow(item.at)) {
      const [x1, x2] = item.direction === 'up' ? [browserX, serverX] : [serverX, browserX];
      shapes.push({
        type: 'tick',
        key: item.key,
        direction: item.direction,
        at: item.at,
        y: yAt(item.at),
        x1,
        x2,
        tone: `message-${item.direction}`,
        label: item.label,
      });
    }
  }
  const legible = makeLegible(shapes, exchanges, serverX + NOTE_OFFSET, options.height);
  return { browserX, serverX, top, bottom, marks: timeMarks(windowMs, top, bottom), shapes: legible };
}

function timeMarks(windowMs: number, top: number, bottom: number): Array<{ y: number; label: string }> {
  const seconds = windowMs / 1000;
  const marks = [];
  for (let ago = seconds; ago >= 0; ago -= seconds / 4) {
    marks.push({ y: top + ((seconds - ago) / seconds) * (bottom - top), label: ago === 0 ? 'now' : `${Math.round(ago)} s ago` });
  }
  return marks;
}

/** Drops items that ended before the window, so a long run keeps a bounded list. */
export function pruneSequence(items: DiagramItem[], now: number, windowMs = DEFAULT_WINDOW_MS): DiagramItem[] {
  const from = now - windowMs;
  return items.filter((item) => {
    if (item.kind === 'message') return item.at >= from;
    const end = item.kind === 'request' ? item.endedAt : item.closedAt;
    return end === undefined || end >= from;
  });
}
