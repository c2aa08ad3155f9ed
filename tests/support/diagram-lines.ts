import { observeDiagramTraffic, type DiagramSource } from '../../src/client/diagram/widget-traffic.ts';
import type { DiagramItem } from '../../src/client/diagram/sequence-types.ts';

/** One diagram item as a line: "open GET /api/sse", "down hello", "end stream ended by server". */
function itemLine(item: DiagramItem): string {
  switch (item.kind) {
    case 'connection':
      return item.closedAt === undefined ? `open ${item.label}` : `end ${item.end} by ${item.closedBy}`;
    case 'message':
      return `${item.direction} ${item.label}`;
    case 'request':
      return `request ${item.label}${item.answer ? ` → ${item.answer}` : ''}`;
  }
}

/** What a widget's sequence diagram is told from now on (not the history it replays to a late listener), as lines. */
export function recordDiagram(source: DiagramSource): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  let listening = false;
  const stop = observeDiagramTraffic(source, (item) => {
    if (listening) lines.push(itemLine(item));
  });
  listening = true;
  return { lines, stop };
}
