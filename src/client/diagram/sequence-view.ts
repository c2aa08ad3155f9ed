import { layoutSequence, pruneSequence } from './sequence-layout.ts';
import { describeSequence } from './sequence-text.ts';
import type { DiagramItem } from './sequence-types.ts';
import { renderSequence } from './sequence-svg.ts';

/** How often the picture moves on while something happens; slower when the reader asks for less motion. */
const REDRAW_MS = 250;
const REDUCED_MOTION_REDRAW_MS = 1000;
/** With nothing open and nothing new for this long, the picture stops moving until the next item. */
const IDLE_AFTER_MS = 21_000;

/**
 * The diagram's moving parts, loaded only once its widget first sends or receives something: keeps
 * the items of the last 20 s, redraws the SVG while the figure is on screen, and keeps the summary
 * line and the table (built only while it is open) in step with the picture.
 */
export class SequenceView {
  readonly #root: HTMLElement;
  readonly #svg: SVGSVGElement;
  readonly #summary: HTMLElement;
  readonly #table: HTMLDetailsElement;
  readonly #rows: HTMLTableSectionElement;
  #items: DiagramItem[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #visible = true;
  #lastChange = 0;

  constructor(root: HTMLElement) {
    this.#root = root;
    this.#svg = root.querySelector<SVGSVGElement>('[data-diagram]')!;
    this.#summary = root.querySelector<HTMLElement>('[data-diagram-summary]')!;
    this.#table = root.querySelector<HTMLDetailsElement>('[data-diagram-table]')!;
    this.#rows = root.querySelector<HTMLTableSectionElement>('[data-diagram-rows]')!;
    this.#table.addEventListener('toggle', () => this.render());
    new IntersectionObserver((entries) => {
      this.#visible = entries.some((entry) => entry.isIntersecting);
      if (this.#visible) this.#wake();
    }).observe(root);
    new ResizeObserver(() => this.render()).observe(this.#svg.parentElement!);
  }

  /** Adds an item, or replaces the one with the same key (a request that got its answer). */
  record(item: DiagramItem): void {
    const index = this.#items.findIndex((known) => known.key === item.key);
    if (index >= 0) this.#items[index] = item;
    else this.#items.push(item);
    this.#lastChange = Date.now();
    this.#wake();
  }

  /** Draws the moment `now`: picture, summary and (if open) table. */
  render(now = Date.now()): void {
    this.#items = pruneSequence(this.#items, now);
    const width = Math.max(200, Math.floor(this.#svg.parentElement!.clientWidth));
    const height = Number(this.#svg.dataset.height ?? 260);
    renderSequence(this.#svg, layoutSequence(this.#items, { now, width, height }), width, height);
    this.#summary.textContent = summarise(this.#items, now);
    if (this.#table.open) {
      this.#rows.replaceChildren(
        ...describeSequence(this.#items, now).map((row) => {
          const tr = document.createElement('tr');
          for (const text of [`${row.ago} s ago`, row.way, row.what])
            tr.append(Object.assign(document.createElement('td'), { textContent: text }));
          return tr;
        }),
      );
    }
    if (!this.#visible || (now - this.#lastChange > IDLE_AFTER_MS && !this.#hasOpen())) this.#sleep();
  }

  #hasOpen(): boolean {
    return this.#items.some((item) =>
      item.kind === 'request' ? item.endedAt === undefined : item.kind === 'connection' && item.closedAt === undefined,
    );
  }

  #wake(): void {
    if (this.#timer !== undefined || !this.#visible) return;
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.#timer = setInterval(() => this.render(), reduced ? REDUCED_MOTION_REDRAW_MS : REDRAW_MS);
    this.render();
    this.#root.classList.add('is-drawing');
  }

  #sleep(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** One line in words: what the last 20 s held, counted from the same items the picture draws. */
export function summarise(items: readonly DiagramItem[], now: number): string {
  const rows = describeSequence(items, now);
  if (rows.length === 0) return 'Nothing crossed in the last 20 s.';
  const up = rows.filter((row) => row.way === 'browser → server').length;
  const down = rows.filter((row) => row.way === 'server → browser').length;
  const held = rows.length - up - down;
  return `Last 20 s: ${up} arrow${up === 1 ? '' : 's'} from the browser, ${down} from the server${held ? `, ${held} held open now` : ''}.`;
}
