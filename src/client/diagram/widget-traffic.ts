import type { DiagramConnection, DiagramItem, DiagramRequest } from './sequence-types.ts';

/** Which widget's traffic a diagram draws. */
export type DiagramSource = 'short-poll' | 'long-poll' | 'sse' | 'websocket';

const listeners = new Map<DiagramSource, Set<(item: DiagramItem) => void>>();
/** The latest version of each recent item, by key, for a diagram that starts listening late. */
const history = new Map<DiagramSource, Map<string, DiagramItem>>();
const HISTORY_LIMIT = 300;
let counter = 0;

/**
 * Calls `listener` with each recent item of `source`'s traffic (a widget may start before its
 * diagram's script runs), then with every new or changed one; returns a function that stops.
 */
export function observeDiagramTraffic(source: DiagramSource, listener: (item: DiagramItem) => void): () => void {
  for (const item of history.get(source)?.values() ?? []) listener({ ...item });
  const set = listeners.get(source) ?? new Set();
  listeners.set(source, set);
  set.add(listener);
  return () => set.delete(listener);
}

function report(source: DiagramSource, item: DiagramItem): void {
  const recent = history.get(source) ?? new Map<string, DiagramItem>();
  history.set(source, recent);
  recent.delete(item.key);
  recent.set(item.key, { ...item });
  if (recent.size > HISTORY_LIMIT) recent.delete(recent.keys().next().value!);
  // Copies: the sender updates its own object later (an answer, a close) and reports it again.
  for (const listener of listeners.get(source) ?? []) listener({ ...item });
}

/** A widget's requests as the diagram sees them: sent now, answered (or aborted) later. */
export class RequestTraffic {
  readonly #source: DiagramSource;
  constructor(source: DiagramSource) {
    this.#source = source;
  }

  /** A request leaves the page now; returns the function that records how it ended. */
  sent(label: string, sentAt = Date.now()): (outcome: NonNullable<DiagramRequest['outcome']>, answer: string) => void {
    const item: DiagramRequest = { kind: 'request', key: `r${++counter}`, label, sentAt };
    report(this.#source, item);
    return (outcome, answer) => {
      Object.assign(item, { endedAt: Date.now(), outcome, answer });
      report(this.#source, item);
    };
  }
}

/** A long-lived connection (an event stream, a WebSocket) and the messages on it. */
export class ConnectionTraffic {
  readonly #source: DiagramSource;
  #open: DiagramConnection | undefined;
  constructor(source: DiagramSource) {
    this.#source = source;
  }

  /** A connection starts now: with `openArrow`, the request that opens it leaves the page now. */
  opened(label: string, openArrow = true): void {
    this.closed('replaced', 'page');
    this.#open = { kind: 'connection', key: `c${++counter}`, label, openedAt: Date.now(), openArrow };
    report(this.#source, this.#open);
  }

  /** One message on it, now. */
  message(direction: 'up' | 'down', label: string): void {
    report(this.#source, { kind: 'message', key: `m${++counter}`, at: Date.now(), direction, label });
  }

  /** It ended now, ended by the server or by the page. */
  closed(end: string, by: 'server' | 'page'): void {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    Object.assign(open, { closedAt: Date.now(), end, closedBy: by });
    report(this.#source, open);
  }
}

/** The few words on a request's answer arrow: "200 · 3 events", "204 · timeout", "aborted by the page". */
export function requestAnswer(outcome: NonNullable<DiagramRequest['outcome']>, events: number): string {
  switch (outcome) {
    case 'data':
      return `200 · ${events} event${events === 1 ? '' : 's'}`;
    case 'empty':
      return '200 · empty';
    case 'timeout':
      return '204 · timeout';
    case 'aborted':
      return 'aborted by the page';
    case 'error':
      return 'error';
  }
}
