/**
 * The sequence diagram's geometry, as pure functions: traffic a widget really had (requests with
 * when they were sent and answered, open streams, single messages) in, shapes with pixel
 * coordinates out. Two lanes, the browser on the left and the server on the right; time flows
 * down, the oldest moment of the window at the top and "now" at the bottom.
 */

/** A request and its answer: drawn as an arrow out, the time it was open, and an arrow back. */
export interface DiagramRequest {
  kind: 'request';
  /** Stable key within the diagram (the request's number). */
  key: string;
  /** A few words for the arrow out, e.g. "GET /api/poll". */
  label: string;
  /** When the page sent it (browser ms since the epoch). */
  sentAt: number;
  /** When its answer arrived; undefined while the server still holds it. */
  endedAt?: number;
  /** How it ended: with data, empty, a timeout (204), an error, or aborted by the page (drawn as an arrow towards the server: no answer came). */
  outcome?: 'data' | 'empty' | 'timeout' | 'error' | 'aborted';
  /** A few words for the arrow back, e.g. "200 · 3 events". */
  answer?: string;
}

/** A long-lived connection (an EventSource's response, a WebSocket): a bar on the server lane while it is open. */
export interface DiagramConnection {
  kind: 'connection';
  key: string;
  /** e.g. "GET /api/sse" or "WebSocket /api/ws". */
  label: string;
  openedAt: number;
  /**
   * Whether opening it is a request of its own, drawn as an arrow out (an EventSource's GET). Not
   * for a WebSocket, whose handshake is drawn as a request answered 101. Default: true.
   */
  openArrow?: boolean;
  /** Undefined while still open. */
  closedAt?: number;
  /** How it ended, e.g. "stream ended by the server"; drawn as an arrow from whoever ended it. */
  end?: string;
  /** Who ended it. Default: the server. */
  closedBy?: 'server' | 'page';
}

/** One message on an open connection: an SSE event, a WebSocket frame. */
export interface DiagramMessage {
  kind: 'message';
  key: string;
  /** When the page sent or received it. */
  at: number;
  /** `up`: browser to server; `down`: server to browser. */
  direction: 'up' | 'down';
  label: string;
}

/** Everything the diagram can draw. */
export type DiagramItem = DiagramRequest | DiagramConnection | DiagramMessage;

/** Where the diagram draws, and which moment is "now". */
export interface LayoutOptions {
  now: number;
  /** Drawing size in px. */
  width: number;
  height: number;
  /** How much time the height shows. Default: 20 s. */
  windowMs?: number;
}

/** A line across the lanes at one moment: the two arrows of a request, or a message tick. */
export interface ArrowShape {
  type: 'arrow' | 'tick';
  key: string;
  /** Which way it points. */
  direction: 'up' | 'down';
  y: number;
  x1: number;
  x2: number;
  tone: 'request' | 'data' | 'empty' | 'timeout' | 'error' | 'aborted' | 'message-up' | 'message-down';
  /** Shown beside the arrow, or undefined where labels would overlap. */
  label?: string;
  /** The label's baseline. */
  labelY?: number;
}

/** A request or connection held open on the server lane, from `y1` down to `y2`. */
export interface BarShape {
  type: 'bar';
  key: string;
  x: number;
  y1: number;
  y2: number;
  /** Still open now: the bar reaches the bottom edge. */
  open: boolean;
  /** Started before the window: the bar is cut at the top edge. */
  clipped: boolean;
  tone: 'held' | 'connection' | 'data' | 'empty' | 'timeout' | 'error' | 'aborted';
}

export type Shape = ArrowShape | BarShape;

/** The diagram's frame: lanes, a few time marks, and the shapes. */
export interface DiagramLayout {
  browserX: number;
  serverX: number;
  top: number;
  bottom: number;
  /** Time marks down the left edge: "20 s ago" … "now". */
  marks: Array<{ y: number; label: string }>;
  shapes: Shape[];
}

/** Room for the lane names above the plot, in px. */
export const LANE_HEADER = 22;
/** Two labelled arrows closer than this (px) would overlap: the older one goes without. */
export const LABEL_SPACING = 12;
/** The least distance (px) between a request's arrow out and its answer, so both stay visible. */
export const MIN_ROUND_TRIP_GAP = 4;
const DEFAULT_WINDOW_MS = 20_000;

/** Lays out `items` for the moment `options.now`; anything that ended before the window is left out. */
export function layoutSequence(items: readonly DiagramItem[], options: LayoutOptions): DiagramLayout {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const from = options.now - windowMs;
  const top = LANE_HEADER;
  const bottom = options.height - 4;
  const inset = Math.min(64, Math.round(options.width * 0.2));
  const browserX = inset;
  const serverX = options.width - inset;
  const yAt = (t: number): number => top + ((Math.min(Math.max(t, from), options.now) - from) / windowMs) * (bottom - top);
  const inWindow = (t: number): boolean => t >= from && t <= options.now;
  const shapes: Shape[] = [];

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
          y: yAt(end),
          x1: aborted ? browserX : serverX,
          x2: aborted ? serverX : browserX,
          tone: item.outcome ?? 'empty',
        };
        if (item.answer !== undefined) back.label = item.answer;
        shapes.push(back);
        // A request answered in a few ms would draw both arrows on one line: they are set apart around their moment.
        if (out && back.y - out.y < MIN_ROUND_TRIP_GAP) {
          const middle = (out.y + back.y) / 2;
          out.y = middle - MIN_ROUND_TRIP_GAP / 2;
          back.y = middle + MIN_ROUND_TRIP_GAP / 2;
        }
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
        y: yAt(item.at),
        x1,
        x2,
        tone: `message-${item.direction}`,
        label: item.label,
      });
    }
  }
  spaceLabels(shapes);
  return { browserX, serverX, top, bottom, marks: timeMarks(windowMs, top, bottom), shapes };
}

/**
 * Places labels, arrows towards the server above their line and answers below it (so a request's
 * pair keeps both clear), and keeps one only where it has room: newest first (lowest on the plot),
 * each baseline at least LABEL_SPACING above the next kept one.
 */
function spaceLabels(shapes: Shape[]): void {
  const labelled = shapes.filter((shape): shape is ArrowShape => shape.type !== 'bar' && shape.label !== undefined);
  for (const shape of labelled) shape.labelY = shape.direction === 'up' ? shape.y - 3 : shape.y + 10;
  labelled.sort((a, b) => b.labelY! - a.labelY!);
  let lastY = Number.POSITIVE_INFINITY;
  for (const shape of labelled) {
    if (lastY - shape.labelY! < LABEL_SPACING) {
      delete shape.label;
      delete shape.labelY;
    } else lastY = shape.labelY!;
  }
}

function timeMarks(windowMs: number, top: number, bottom: number): Array<{ y: number; label: string }> {
  const seconds = windowMs / 1000;
  const marks = [];
  for (let ago = seconds; ago >= 0; ago -= seconds / 4) {
    marks.push({ y: top + ((seconds - ago) / seconds) * (bottom - top), label: ago === 0 ? 'now' : `${Math.round(ago)} s ago` });
  }
  return marks;
}

/** One line of the diagram's text alternative: what crossed, which way, and when. */
export interface DiagramRow {
  /** Seconds before now, one decimal. */
  ago: string;
  way: 'browser → server' | 'server → browser' | 'held on the server';
  what: string;
}

/**
 * The same traffic as rows of text, newest first: one per arrow and tick the layout draws, plus one
 * per request or connection still open now — so the table and the picture say the same thing.
 */
export function describeSequence(items: readonly DiagramItem[], now: number, windowMs = DEFAULT_WINDOW_MS): DiagramRow[] {
  const from = now - windowMs;
  const rows: Array<DiagramRow & { at: number }> = [];
  const add = (at: number, way: DiagramRow['way'], what: string): void => {
    if (at >= from && at <= now) rows.push({ at, ago: ((now - at) / 1000).toFixed(1), way, what });
  };
  for (const item of items) {
    if (item.kind === 'request') {
      add(item.sentAt, 'browser → server', item.label);
      if (item.endedAt !== undefined && item.outcome === 'aborted')
        add(item.endedAt, 'browser → server', item.answer ?? 'aborted by the page');
      else if (item.endedAt !== undefined) add(item.endedAt, 'server → browser', item.answer ?? item.outcome ?? 'answer');
      else if (item.sentAt <= now)
        rows.push({
          at: now,
          ago: '0.0',
          way: 'held on the server',
          what: `${item.label}, held for ${((now - item.sentAt) / 1000).toFixed(1)} s so far`,
        });
    } else if (item.kind === 'connection') {
      if (item.openArrow !== false) add(item.openedAt, 'browser → server', item.label);
      if (item.closedAt !== undefined && item.end !== undefined)
        add(item.closedAt, item.closedBy === 'page' ? 'browser → server' : 'server → browser', item.end);
      if (item.closedAt === undefined && item.openedAt <= now)
        rows.push({
          at: now,
          ago: '0.0',
          way: 'held on the server',
          what: `${item.label}, open for ${((now - item.openedAt) / 1000).toFixed(1)} s`,
        });
    } else {
      add(item.at, item.direction === 'up' ? 'browser → server' : 'server → browser', item.label);
    }
  }
  return rows.sort((a, b) => b.at - a.at).map(({ ago, way, what }) => ({ ago, way, what }));
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
