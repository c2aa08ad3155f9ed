import type { DiagramLayout, Shape } from './sequence-types.ts';

const SVG = 'http://www.w3.org/2000/svg';
const HEAD = 5;
const BAR_WIDTH = 6;

/**
 * Draws a laid-out sequence diagram into `svg`, replacing what was there: two lanes with their
 * names, time marks, held bars, arrows, ticks and the notes where time is compressed. Every shape carries `data-shape` and
 * `data-tone`, so the colours live in CSS (both colour schemes) and tests can count them.
 */
export function renderSequence(svg: SVGSVGElement, layout: DiagramLayout, width: number, height: number): void {
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  const nodes: SVGElement[] = [];
  for (const [x, name] of [
    [layout.browserX, 'Browser'],
    [layout.serverX, 'Server'],
  ] as const) {
    nodes.push(element('text', { x, y: 13, class: 'seq-lane-name', 'text-anchor': 'middle' }, name));
    nodes.push(element('line', { x1: x, x2: x, y1: layout.top, y2: layout.bottom, class: 'seq-lane' }));
  }
  for (const mark of layout.marks) {
    nodes.push(element('line', { x1: layout.browserX, x2: layout.serverX, y1: mark.y, y2: mark.y, class: 'seq-mark' }));
    nodes.push(element('text', { x: 2, y: mark.y + 3, class: 'seq-mark-label' }, mark.label));
  }
  // Bars first, so the arrows that start and end them are drawn on top.
  const ordered = [...layout.shapes].sort((a, b) => Number(b.type === 'bar') - Number(a.type === 'bar'));
  for (const shape of ordered) nodes.push(...draw(shape));
  svg.replaceChildren(...nodes);
}

function draw(shape: Shape): SVGElement[] {
  if (shape.type === 'note') {
    return [element('text', { x: shape.x, y: shape.y, class: 'seq-note', 'data-shape': 'note', 'data-key': shape.key }, shape.text)];
  }
  if (shape.type === 'bar') {
    return [
      element('rect', {
        x: shape.x - BAR_WIDTH / 2,
        y: shape.y1,
        width: BAR_WIDTH,
        height: Math.max(1.5, shape.y2 - shape.y1),
        rx: 1.5,
        class: `seq-bar tone-${shape.tone}${shape.open ? ' is-open' : ''}`,
        'data-shape': 'bar',
        'data-key': shape.key,
        'data-tone': shape.tone,
        'data-open': String(shape.open),
      }),
    ];
  }
  const towards = Math.sign(shape.x2 - shape.x1);
  // The head stops at the lane's edge, so it is not hidden under a bar.
  const tip = shape.x2 - towards * (BAR_WIDTH / 2 + 1);
  const d = `M${shape.x1} ${shape.y}H${tip}M${tip - towards * HEAD} ${shape.y - HEAD * 0.7}L${tip} ${shape.y}L${tip - towards * HEAD} ${shape.y + HEAD * 0.7}`;
  const nodes: SVGElement[] = [
    element('path', {
      d,
      class: `seq-${shape.type} tone-${shape.tone}`,
      'data-shape': shape.type,
      'data-key': shape.key,
      'data-tone': shape.tone,
      'data-direction': shape.direction,
      'data-count': shape.count ?? 1,
    }),
  ];
  if (shape.label !== undefined && shape.labelY !== undefined) {
    nodes.push(
      element('text', { x: (shape.x1 + shape.x2) / 2, y: shape.labelY, class: 'seq-label', 'text-anchor': 'middle' }, shape.label),
    );
  }
  return nodes;
}

function element(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node as SVGElement;
}
