/** The sequence diagram's text alternative: the same traffic the picture draws, as rows of words. */
import { DEFAULT_WINDOW_MS, type DiagramItem } from './sequence-types.ts';

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
