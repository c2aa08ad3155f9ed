import type { Element, ElementContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { rowCardLabels } from '../../src/markdown/table-row-cards.ts';

const el = (tagName: string, ...children: Array<ElementContent | string>): Element => ({
  type: 'element',
  tagName,
  properties: {},
  children: children.map((child) => (typeof child === 'string' ? { type: 'text', value: child } : child)),
});

/** A table as Markdown produces it: one header row, then body rows. */
function table(header: string[], ...rows: Array<Array<string | Element>>): Element {
  return el(
    'table',
    el('thead', el('tr', ...header.map((name) => el('th', name)))),
    el('tbody', ...rows.map((cells) => el('tr', ...cells.map((cell) => el('td', cell))))),
  );
}

const labelsOf = (tableElement: Element) =>
  rowCardLabels(tableElement).map(
    ({ cell, label }) => `${label} = ${cell.children.map((child) => (child.type === 'text' ? child.value : '…')).join('')}`,
  );

describe('row cards for Markdown tables', () => {
  it("labels every cell but a row's first with its column's header", () => {
    const measured = table(['client', 'requests', 'latency p50'], ['long poll', '39', '2 ms'], ['short poll, every 2 s', '10', '953 ms']);
    expect(labelsOf(measured)).toEqual(['requests = 39', 'latency p50 = 2 ms', 'requests = 10', 'latency p50 = 953 ms']);
  });

  it("takes a header's text from inside its inline markup, trimmed", () => {
    const withCode = table(['message', ' ', 'meaning'], ['ping', 'x', 'round trip']);
    withCode.children[0] = el('thead', el('tr', el('th', 'message'), el('th', ' '), el('th', ' the ', el('code', 'meaning'), ' ')));
    // An empty header gives no label: the value stands alone rather than after a lone ": ".
    expect(labelsOf(withCode)).toEqual(['the meaning = round trip']);
  });

  it('leaves a table without a header row unlabelled', () => {
    expect(rowCardLabels(el('table', el('tbody', el('tr', el('td', 'a'), el('td', 'b')))))).toEqual([]);
  });
});
