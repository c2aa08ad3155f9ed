import type { DiagramItem } from './sequence-types.ts';
import type { SequenceView } from './sequence-view.ts';
import { observeDiagramTraffic, type DiagramSource } from './widget-traffic.ts';

/**
 * `<sequence-diagram data-source="…">`: listens to its widget's traffic from the start, and loads
 * the drawing code only when the first request, stream or frame appears — a reader who never starts
 * the widget downloads none of it.
 */
class SequenceDiagram extends HTMLElement {
  #view: SequenceView | undefined;
  /** What arrived while the drawing code was loading, by key (a later version replaces an earlier one). */
  #pending = new Map<string, DiagramItem>();
  #loading = false;
  #stop: (() => void) | undefined;

  connectedCallback(): void {
    this.#stop = observeDiagramTraffic(this.dataset.source as DiagramSource, (item) => this.record(item));
  }

  disconnectedCallback(): void {
    this.#stop?.();
  }

  /** Adds an item to the picture (or replaces the one with its key), loading the drawing code the first time. */
  record(item: DiagramItem): void {
    if (this.#view) return this.#view.record(item);
    this.#pending.set(item.key, item);
    if (this.#loading) return;
    this.#loading = true;
    void import('./sequence-view.ts').then(({ SequenceView }) => {
      const view = new SequenceView(this);
      for (const known of this.#pending.values()) view.record(known);
      this.#pending.clear();
      this.#view = view;
    });
  }
}

customElements.define('sequence-diagram', SequenceDiagram);
