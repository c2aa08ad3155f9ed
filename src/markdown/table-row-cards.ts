import type { Element, ElementContent } from 'hast';
import type { HastPluginDefinition } from 'satteri';

/** The class that shows a table's rows as cards on a phone (src/styles/tables.css). */
export const ROW_CARDS_CLASS = 'row-cards';
/** The utility that hides an element on a phone but not from screen readers (src/styles/widgets.css). */
const PHONE_HIDDEN_CLASS = 'sr-only-on-phone';

function childElements(parent: Readonly<Element>, ...tagNames: string[]): Readonly<Element>[] {
  return parent.children.filter((child): child is Element => child.type === 'element' && tagNames.includes(child.tagName));
}

function textOf(node: Readonly<ElementContent>): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** A table's header row, which names the columns, if it has one. */
export function headerRow(table: Readonly<Element>): Readonly<Element> | undefined {
  return childElements(table, 'thead').flatMap((head) => childElements(head, 'tr'))[0];
}

/**
 * The label each body cell of a table shows on a phone: its column's header text. The first cell of
 * a row is left out (it is the row's name, shown as the card's heading), and so are cells under an
 * empty header.
 */
export function rowCardLabels(table: Readonly<Element>): Array<{ cell: Readonly<Element>; label: string }> {
  const headRow = headerRow(table);
  if (!headRow) return [];
  const names = childElements(headRow, 'th', 'td').map((header) => textOf(header).trim());
  return childElements(table, 'tbody')
    .flatMap((body) => childElements(body, 'tr'))
    .flatMap((row) =>
      childElements(row, 'td', 'th')
        .map((cell, column) => ({ cell, label: column > 0 ? (names[column] ?? '') : '' }))
        .filter(({ label }) => label !== ''),
    );
}

/**
 * A Sätteri hast plugin: every Markdown table gets the row-cards class and its cells their column
 * labels, so under a phone's width its rows become cards and its words stay whole instead of being
 * broken to squeeze five columns into 390 px.
 */
export const tableRowCards: HastPluginDefinition = {
  name: 'table-row-cards',
  element: {
    filter: ['table'],
    visit(table, ctx) {
      const className = Array.isArray(table.properties.className) ? table.properties.className : [];
      ctx.setProperty(table, 'className', [...className, ROW_CARDS_CLASS]);
      // On a phone each value shows its column's name, so the header row is only for screen readers.
      const headRow = headerRow(table);
      if (headRow) ctx.setProperty(headRow, 'className', [PHONE_HIDDEN_CLASS]);
      for (const { cell, label } of rowCardLabels(table)) ctx.setProperty(cell, 'dataLabel', label);
    },
  },
};
