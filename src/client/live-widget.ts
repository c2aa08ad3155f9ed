import { measureClockOffset, type ClockEstimate } from './clock.ts';
import { formatOffset } from './latency-format.ts';

/**
 * What the live widgets share: finding the parts the server rendered, filling a counter cell, the
 * state label and the report line, log lines and logs that keep only their newest lines, and the
 * clock offset their latencies are corrected with.
 */
export abstract class LiveWidget extends HTMLElement {
  /** server time − browser time, once measured; undefined until then (latencies are shown without it). */
  protected clock: ClockEstimate | undefined;
  /** The measurement under way or done; undefined before the first call and after a failure, so a later call tries again. */
  #clockMeasurement: Promise<ClockEstimate | undefined> | undefined;

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
    this.#clockMeasurement ??= measureClockOffset().then(
      (clock) => {
        this.clock = clock;
        this.count('offset', formatOffset(clock));
        return clock;
      },
      () => {
        this.#clockMeasurement = undefined;
        this.count('offset', 'unavailable');
        return undefined;
      },
    );
  }

  /**
   * Starts the clock measurement if it has not started (through measureClock, so a subclass's own
   * runs too) and resolves with the estimate once it is in; undefined if it failed or is not in
   * within `withinMs` (default: no limit), for a caller that would rather go on without it.
   */
  protected clockReady(withinMs = Number.POSITIVE_INFINITY): Promise<ClockEstimate | undefined> {
    this.measureClock();
    const measurement = this.#clockMeasurement ?? Promise.resolve(this.clock);
    if (!Number.isFinite(withinMs)) return measurement;
    return Promise.race([measurement, new Promise<undefined>((resolve) => setTimeout(resolve, withinMs))]);
  }

  /** Writes the `[data-report]` line, where a widget says in a sentence what just happened. */
  protected report(text: string): void {
    this.el<HTMLElement>('[data-report]').textContent = text;
  }

  /**
   * Fills `line` (a new list item by default) with what happened and, after it in small print,
   * the details (id, latency, transport…): the shape of every log line in the widgets.
   */
  protected logLine(text: string, details: string, line: HTMLLIElement = document.createElement('li')): HTMLLIElement {
    const main = document.createElement('span');
    main.textContent = text;
    const small = document.createElement('small');
    small.textContent = details;
    line.replaceChildren(main, ' ', small);
    return line;
  }

  /** Appends `text` to `target`, keeps only its last `maxChars` characters, and scrolls it to the end. */
  protected appendCappedText(target: HTMLElement, text: string, maxChars: number): void {
    const all = (target.textContent ?? '') + text;
    target.textContent = all.length > maxChars ? all.slice(-maxChars) : all;
    target.scrollTop = target.scrollHeight;
  }
}
