/**
 * One server-rendered quiz question in the browser: reads its answer key from the markup, reads and
 * restores the reader's answer, shuffles its options, and shows the marking. Text only ever goes in
 * through textContent.
 */
import { isCorrect, type AnswerKey, type Response } from './scoring.ts';
import { scramble, shuffle, type Random } from './shuffle.ts';

const KINDS = ['single', 'multiple', 'scenario', 'order'] as const;

export class QuestionView {
  readonly element: HTMLElement;
  readonly key: AnswerKey;
  readonly #list: HTMLElement;
  readonly #actions: HTMLElement;
  readonly #feedback: HTMLElement;
  readonly #verdict: HTMLElement;
  readonly #answer: HTMLDetailsElement;

  constructor(element: HTMLElement) {
    this.element = element;
    this.key = readKey(element);
    this.#list = required(element, this.key.kind === 'order' ? '[data-items]' : '[data-options]');
    this.#actions = required(element, '[data-actions]');
    this.#feedback = required(element, '[data-feedback]');
    this.#verdict = required(element, '[data-verdict]');
    this.#answer = required(element, '[data-answer]') as HTMLDetailsElement;
  }

  get id(): string {
    return this.key.id;
  }

  /** The prompt, for announcements. */
  get prompt(): string {
    return required(this.element, 'legend').textContent?.trim() ?? '';
  }

  /** The reader's current answer: ticked options, or the items' current order. */
  response(): number[] {
    if (this.key.kind === 'order') return this.#items().map((item) => Number(item.dataset.item));
    return this.#inputs().flatMap((input) => (input.checked ? [Number(input.value)] : []));
  }

  /** Puts the question back to unanswered, with options and items in a new random order. */
  reset(random: Random): void {
    for (const input of this.#inputs()) {
      input.checked = false;
      input.disabled = false;
    }
    const rows = this.key.kind === 'order' ? scramble(this.#items(), random) : shuffle(this.#rows(), random);
    this.#list.append(...rows);
    for (const row of this.#rows()) {
      row.classList.remove('is-right', 'is-wrong', 'is-chosen');
      required(row, '[data-mark]').textContent = '';
    }
    for (const moves of this.element.querySelectorAll<HTMLElement>('.quiz-moves')) moves.hidden = false;
    this.#updateMoveButtons();
    this.#actions.hidden = false;
    this.#feedback.hidden = true;
    this.#verdict.textContent = '';
    // With JavaScript the answer waits until the reader has tried.
    this.#answer.open = false;
    this.#answer.hidden = true;
  }

  /** Shows an answer as checked: options locked, each one marked, the verdict and the explanation open. Returns the verdict. */
  showResult(response: Response): string {
    const right = isCorrect(this.key, response);
    if (this.key.kind === 'order') {
      const byIndex = new Map(this.#items().map((item) => [Number(item.dataset.item), item]));
      this.#list.append(...response.map((index) => byIndex.get(index)!));
      this.#items().forEach((item, position) => {
        const inPlace = Number(item.dataset.item) === this.key.correct[position];
        item.classList.add(inPlace ? 'is-right' : 'is-wrong');
        required(item, '[data-mark]').textContent = inPlace
          ? '✓ in place'
          : `✗ belongs at ${this.key.correct.indexOf(Number(item.dataset.item)) + 1}`;
      });
      for (const moves of this.element.querySelectorAll<HTMLElement>('.quiz-moves')) moves.hidden = true;
    } else {
      const chosen = new Set(response);
      for (const input of this.#inputs()) {
        input.checked = chosen.has(Number(input.value));
        input.disabled = true;
      }
      for (const row of this.#rows()) {
        const index = Number(row.dataset.option);
        const shouldPick = this.key.correct.includes(index);
        const picked = chosen.has(index);
        row.classList.toggle('is-chosen', picked);
        if (shouldPick) row.classList.add('is-right');
        else if (picked) row.classList.add('is-wrong');
        required(row, '[data-mark]').textContent = shouldPick
          ? picked
            ? '✓ your answer, right'
            : '✓ right answer'
          : picked
            ? '✗ your answer, wrong'
            : '';
      }
    }
    const verdict = right ? 'Right.' : `Not quite. ${this.#rightAnswerText()}`;
    this.#verdict.textContent = verdict;
    this.element.classList.toggle('is-missed', !right);
    this.element.classList.toggle('is-passed', right);
    this.#actions.hidden = true;
    this.#feedback.hidden = false;
    this.#answer.hidden = false;
    this.#answer.open = true;
    return verdict;
  }

  /** Clears the marks left by showResult (before a reset). */
  clearResult(): void {
    this.element.classList.remove('is-missed', 'is-passed');
  }

  /** Says why the answer cannot be checked yet, or undefined when it can. */
  incomplete(): string | undefined {
    if (this.key.kind === 'order') return undefined;
    const count = this.response().length;
    if (count === 0) return this.key.kind === 'multiple' ? 'Choose at least one answer first.' : 'Choose an answer first.';
    return undefined;
  }

  /** Shows a short note (e.g. "choose an answer first") without marking anything. */
  note(text: string): void {
    this.#verdict.textContent = text;
    this.#feedback.hidden = false;
  }

  /** Moves the focus to the verdict, so keyboard and screen-reader users land on the result. */
  focusFeedback(): void {
    this.#feedback.focus();
  }

  /** Moves an item of an ordering question one place; returns its new position (1-based) or undefined at an end. */
  move(item: HTMLElement, direction: 'up' | 'down'): number | undefined {
    const sibling = direction === 'up' ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return undefined;
    if (direction === 'up') sibling.before(item);
    else sibling.after(item);
    this.#updateMoveButtons();
    return this.#items().indexOf(item) + 1;
  }

  get itemCount(): number {
    return this.key.size;
  }

  #rightAnswerText(): string {
    if (this.key.kind === 'order') {
      const texts = this.key.correct.map((index) => this.#textOf(index));
      return `The right order: ${texts.map((text, position) => `${position + 1}. ${text}`).join('; ')}.`;
    }
    const texts = this.key.correct.map((index) => `“${this.#textOf(index)}”`);
    return texts.length === 1 ? `The right answer is ${texts[0]}.` : `The right answers are ${texts.join(' and ')}.`;
  }

  #textOf(index: number): string {
    const selector = this.key.kind === 'order' ? `[data-item="${index}"] .quiz-item-text` : `[data-option="${index}"] label span`;
    return required(this.element, selector).textContent?.trim() ?? '';
  }

  // The first and last items cannot move further; disabling those buttons says so.
  #updateMoveButtons(): void {
    const items = this.#items();
    items.forEach((item, position) => {
      required(item, '[data-move="up"]').toggleAttribute('disabled', position === 0);
      required(item, '[data-move="down"]').toggleAttribute('disabled', position === items.length - 1);
    });
  }

  #rows(): HTMLElement[] {
    return [...this.#list.children].filter((child): child is HTMLElement => child instanceof HTMLElement);
  }

  #items(): HTMLElement[] {
    return this.key.kind === 'order' ? this.#rows() : [];
  }

  #inputs(): HTMLInputElement[] {
    return [...this.element.querySelectorAll<HTMLInputElement>('input')];
  }
}

function readKey(element: HTMLElement): AnswerKey {
  const { id, topic, kind, size, correct } = element.dataset;
  const knownKind = KINDS.find((known) => known === kind);
  if (!id || !topic || !knownKind || !size || correct === undefined)
    throw new Error(`quiz question ${id ?? '?'} is missing its answer key`);
  return { id, topic, kind: knownKind, size: Number(size), correct: correct.split(',').map(Number) };
}

function required(root: ParentNode, selector: string): HTMLElement {
  const found = root.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`quiz markup is missing ${selector}`);
  return found;
}
