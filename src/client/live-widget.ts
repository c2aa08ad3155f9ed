import { measureClockOffset, type ClockEstimate } from './clock.ts';
import { formatOffset } from './latency-format.ts';

/**
 * What the live widgets share: finding the parts the server rendered, filling a counter cell and
 * the state label, logs that keep only their newest lines, and the clock offset their latencies
 * are corrected with.
 */
export abstract class LiveWidget extends HTMLElement {
  /** server time − browser time, once measured; undefined until then (latencies are shown without it). */
  protected clock: ClockEstimate | undefined;
  #measuring = false;

  /** The widget's first element matching `selector`; the server renders them all, so it exists. */
  protected el<T extends Element>(selector: string): T {
    return this.querySelector<T>(selector)!;
  }

  /** Writes `value` into the `[data-count="name"]` cell, if the widget has one. */
  protected count(name: string, value: string): void {
    const cell = this.querySelector(`[data-count="${name}"]`);
    if (cell) cell.textContent = value;
  }

  /** Writes the `[data-state]` label. */
  protected setState(text: string): void {
    this.el<HTMLElement>('[data-state]').textContent = text;
  }

  /** Puts `line` at the top of `list` and drops the oldest lines past `max`, so a long run stays light. */
  protected prependCapped(list: Element, line: Element, max: number): void {
    list.prepend(line);
    while (list.childElementCount > max) list.lastElementChild?.remove();
  }

  /** Puts `line` at the bottom of `list` (a chat reads downwards) and drops the oldest lines past `max`. */
  protected appendCapped(list: Element, line: Element, max: number): void {
    list.append(line);
    while (list.childElementCount > max) list.firstElementChild?.remove();
  }

  /**
   * Estimates the clock offset once (nine /api/time round trips, cached by measureClockOffset) and
   * shows it in the "offset" counter; a second call does nothing.
   */
  protected measureClock(): void {
    if (this.clock || this.#measuring) return;
    this.#measuring = true;
    measureClockOffset()
      .then((clock) => {
        this.clock = clock;
        this.count('offset', formatOffset(clock));
      })
      .catch(() => this.count('offset', 'unavailable'))
      .finally(() => (this.#measuring = false));
  }
}
