import { disableKeepingFocus } from './focus.ts';

/** The class that marks the control the current step points at. */
const TARGET_CLASS = 'guide-target';

/**
 * `<widget-guide>`: shows a widget's steps one at a time, highlights the control each step names,
 * and moves on when the reader uses that control (it only listens; the widget's own handlers do
 * the work). The step just done stays visible above the current one, so what it asked to watch can
 * still be read. "Show me" takes the keyboard focus to the control; "Back" and "Skip" move freely.
 */
class WidgetGuide extends HTMLElement {
  #steps = Array.from(this.querySelectorAll<HTMLLIElement>('[data-guide-steps] > li'));
  #progress = this.querySelector<HTMLElement>('[data-guide-progress]')!;
  #announce = this.querySelector<HTMLElement>('[data-guide-announce]')!;
  #show = this.querySelector<HTMLButtonElement>('[data-guide-show]')!;
  #back = this.querySelector<HTMLButtonElement>('[data-guide-back]')!;
  #skip = this.querySelector<HTMLButtonElement>('[data-guide-skip]')!;
  #current = 0;
  #target: HTMLElement | undefined;
  #stopListening: (() => void) | undefined;

  connectedCallback(): void {
    if (this.#steps.length === 0) return;
    this.classList.add('is-live');
    // Hidden steps would drop out of the list's numbering: each keeps its own number.
    this.#steps.forEach((step, i) => (step.value = i + 1));
    this.querySelector<HTMLElement>('[data-guide-nav]')!.hidden = false;
    // Rendered disabled, so that without the script nothing looks live.
    this.#show.disabled = this.#skip.disabled = false;
    this.#show.addEventListener('click', () => this.#showTarget());
    this.#back.addEventListener('click', () => this.#go(Math.max(0, this.#current - 1)));
    this.#skip.addEventListener('click', () => this.#go(this.#current >= this.#steps.length ? 0 : this.#current + 1));
    this.#go(0, false);
  }

  disconnectedCallback(): void {
    this.#release();
  }

  /** The step now shown (0-based; equal to the number of steps once all are done). */
  get step(): number {
    return this.#current;
  }

  #go(index: number, announce = true): void {
    this.#release();
    this.#current = index;
    const done = index >= this.#steps.length;
    this.#steps.forEach((step, i) => {
      step.hidden = !(i === index || i === index - 1);
      step.classList.toggle('is-current', i === index);
      step.classList.toggle('is-done', i < index);
      if (i === index) step.setAttribute('aria-current', 'step');
      else step.removeAttribute('aria-current');
    });
    const total = this.#steps.length;
    const text = done ? `All ${total} steps done.` : `Step ${index + 1} of ${total}`;
    this.#progress.textContent = text;
    // The polite region speaks only when the reader moved on, not on page load.
    if (announce)
      this.#announce.textContent = done ? text : `${text}: ${this.#steps[index]!.querySelector('b, strong')?.textContent ?? ''}`;
    if (index === 0) disableKeepingFocus(this.#back, this.#skip);
    else this.#back.disabled = false;
    const pointsOnly = !done && this.#steps[index]!.dataset.on === 'none';
    this.#skip.textContent = done ? 'Show the steps again' : pointsOnly ? 'Next' : 'Skip';
    this.#show.hidden = done;
    if (!done) this.#point(this.#steps[index]!);
  }

  /** Highlights the step's control and waits for the reader to use it. */
  #point(step: HTMLLIElement): void {
    const selector = step.dataset.target;
    if (!selector) return;
    const widget = this.closest('.widget') ?? document;
    const target = widget.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>(selector);
    if (!target) return;
    this.#target = target;
    target.classList.add(TARGET_CLASS);
    const type = step.dataset.on ?? 'click';
    if (type === 'none') return;
    const wanted = step.dataset.value;
    const listener = (): void => {
      const value = (target as HTMLInputElement).value;
      if (wanted !== undefined && value !== wanted) return;
      // After the widget's own handler has run, so the next step sees the widget as it now is.
      queueMicrotask(() => this.#go(this.#current + 1));
    };
    target.addEventListener(type, listener);
    this.#stopListening = () => target.removeEventListener(type, listener);
  }

  #release(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
    this.#target?.classList.remove(TARGET_CLASS);
    this.#target = undefined;
  }

  #showTarget(): void {
    const target = this.#target;
    if (!target) return;
    const focusable = target instanceof HTMLDetailsElement ? target.querySelector('summary') : target;
    focusable?.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    // A counter or a table box is not focusable by itself: it becomes so for this, so the keyboard lands there.
    if (focusable instanceof HTMLElement && focusable.tabIndex < 0 && !focusable.hasAttribute('tabindex')) focusable.tabIndex = -1;
    focusable?.focus({ preventScroll: true });
  }
}

customElements.define('widget-guide', WidgetGuide);
