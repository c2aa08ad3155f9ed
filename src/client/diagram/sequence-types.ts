/**
 * What the sequence diagram draws, as data: the traffic a widget really had (requests with when they
 * were sent and answered, open streams, single messages) and the shapes, in pixels, it becomes.
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

/** How much time the diagram shows unless told otherwise: the last 20 s. */
export const DEFAULT_WINDOW_MS = 20_000;

/** A line across the lanes at one moment: the two arrows of a request, or a message tick. */
export interface ArrowShape {
  type: 'arrow' | 'tick';
  key: string;
  /** Which way it points. */
  direction: 'up' | 'down';
  /** The moment it stands for (browser ms), which `y` shows unless it had to be set apart from a neighbour. */
  at: number;
  y: number;
  x1: number;
  x2: number;
  tone: 'request' | 'data' | 'empty' | 'timeout' | 'error' | 'aborted' | 'message-up' | 'message-down';
  /** How many messages this tick stands for, when a burst was merged into it (see sequence-legibility.ts). */
  count?: number;
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

/**
 * A mark in the margin right of the server lane where the drawing compresses time: the real time
 * between two lines drawn further apart than it ("3 ms"), or how many messages a merged tick stands
 * for ("×3 in 40 ms").
 */
export interface NoteShape {
  type: 'note';
  key: string;
  x: number;
  y: number;
  text: string;
}

export type Shape = ArrowShape | BarShape | NoteShape;

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
