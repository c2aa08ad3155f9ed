/**
 * <quiz-bank>: turns the server-rendered question list into a quiz shown one question at a time.
 * Only the current question stays in the document (the others wait detached, keeping their state),
 * which keeps the page light. Marks each answer when the reader checks it, keeps the score by topic,
 * steps through the missed questions, restarts with a new shuffle, and keeps the attempt in
 * localStorage so a reload carries on where the reader left off.
 */
import { clearProgress, freshProgress, loadProgress, saveProgress, type ProgressStorage, type QuizProgress } from './progress.ts';
import { missed, score, type TopicInfo } from './scoring.ts';
import { newSeed, seededRandom, shuffle } from './shuffle.ts';
import { QuestionView } from './question-view.ts';
import { clampIndex, isLast, move, positionText, type Step } from './stepper.ts';

class QuizBank extends HTMLElement {
  #questions: QuestionView[] = [];
  #byId = new Map<string, QuestionView>();
  #topics: TopicInfo[] = [];
  #progress: QuizProgress = freshProgress(0);
  #storage: ProgressStorage | undefined;
  #reviewing = false;
  #missedIds = new Set<string>();
  /** The questions in this attempt's shuffled order; the reader steps through them (or the missed ones). */
  #order: QuestionView[] = [];
  #index = 0;

  connectedCallback(): void {
    if (this.#questions.length > 0) return;
    this.#topics = JSON.parse(this.dataset.topics ?? '[]') as TopicInfo[];
    this.#questions = [...this.querySelectorAll<HTMLElement>('.quiz-question')].map((element) => new QuestionView(element));
    this.#byId = new Map(this.#questions.map((question) => [question.id, question]));
    this.#storage = browserStorage();
    const keys = this.#questions.map((question) => question.key);
    this.#progress = loadProgress(this.#storage, keys) ?? freshProgress(newSeed());

    this.#layOut();
    for (const [id, response] of Object.entries(this.#progress.answers)) this.#byId.get(id)?.showResult(response);
    const current = this.#progress.current;
    this.#index = current
      ? Math.max(
          0,
          this.#order.findIndex((question) => question.id === current),
        )
      : 0;
    this.#show();
    this.addEventListener('click', (event) => this.#onClick(event));
    this.#part('[data-progress]').hidden = false;
    this.#part('[data-summary]').hidden = false;
    this.#part('[data-state]').textContent = this.#storage ? 'progress saved in this browser' : 'progress not saved: storage is off';
    this.classList.add('is-live');
    this.#renderScore();
  }

  #onClick(event: MouseEvent): void {
    const button = (event.target as Element).closest('button');
    if (!button || !this.contains(button)) return;
    const question = this.#questionOf(button);
    const move = button.dataset.move;
    if (question && (move === 'up' || move === 'down')) return this.#move(question, button, move);
    switch (button.dataset.action) {
      case 'check':
        if (question) this.#check(question);
        break;
      case 'previous':
      case 'next':
        this.#step(button, button.dataset.action === 'next' ? 1 : -1);
        break;
      case 'review':
        this.#toggleReview();
        break;
      case 'restart':
        this.#restart(false);
        break;
      case 'clear':
        this.#restart(true);
        break;
    }
  }

  #check(question: QuestionView): void {
    const problem = question.incomplete();
    if (problem) {
      question.note(problem);
      this.#announce(problem);
      return;
    }
    const response = question.response();
    this.#progress.answers[question.id] = response;
    this.#save();
    const verdict = question.showResult(response);
    const { overall } = this.#renderScore();
    question.focusFeedback();
    this.#announce(`${verdict} Score: ${overall.correct} right of ${overall.answered} answered.`);
  }

  #move(question: QuestionView, button: HTMLElement, direction: 'up' | 'down'): void {
    const item = button.closest<HTMLElement>('[data-item]');
    if (!item) return;
    const position = question.move(item, direction);
    if (position === undefined) return;
    // Moving the item takes the focus with it out of the document's order; put it back on the item.
    const same = item.querySelector<HTMLButtonElement>(`[data-move="${direction}"]`);
    const other = item.querySelector<HTMLButtonElement>(`[data-move="${direction === 'up' ? 'down' : 'up'}"]`);
    (same && !same.disabled ? same : other)?.focus();
    const text = item.querySelector('.quiz-item-text')?.textContent?.trim() ?? '';
    this.#announce(`“${text}” moved to position ${position} of ${question.itemCount}.`);
  }

  #toggleReview(): void {
    const missedIds = new Set(missed(this.#keys(), this.#progress.answers));
    if (!this.#reviewing && missedIds.size === 0) {
      const text =
        Object.keys(this.#progress.answers).length === 0
          ? 'Nothing to review yet: no question answered.'
          : 'Nothing to review: every answer so far is right.';
      this.#showReviewStatus(text);
      this.#announce(text);
      return;
    }
    this.#reviewing = !this.#reviewing;
    this.#applyReview(missedIds);
    const text = this.#reviewing
      ? `Showing the ${missedIds.size} ${missedIds.size === 1 ? 'question' : 'questions'} you missed, with their explanations.`
      : 'Showing all questions.';
    this.#showReviewStatus(text);
    this.#announce(text);
  }

  #applyReview(missedIds: Set<string>): void {
    this.#missedIds = missedIds;
    // Leaving the review goes back to the question the reader was on.
    this.#index = this.#reviewing
      ? 0
      : Math.max(
          0,
          this.#order.findIndex((question) => question.id === this.#progress.current),
        );
    this.#show();
    const button = this.#part('[data-action="review"]');
    button.setAttribute('aria-pressed', String(this.#reviewing));
    button.textContent = this.#reviewing ? 'Show all questions' : 'Review what I missed';
  }

  /** Restart keeps this attempt's score as "previous"; clear forgets everything stored. */
  #restart(forget: boolean): void {
    const { overall } = score(this.#keys(), this.#progress.answers, this.#topics);
    const previous = forget ? undefined : overall.answered > 0 ? overall : this.#progress.previous;
    this.#progress = freshProgress(newSeed(), previous);
    this.#reviewing = false;
    this.#applyReview(new Set());
    this.#showReviewStatus('');
    for (const question of this.#questions) question.clearResult();
    this.#layOut();
    this.#index = 0;
    this.#show();
    if (forget) clearProgress(this.#storage);
    else this.#save();
    this.#renderScore();
    const text = forget
      ? 'Saved progress cleared. The quiz starts again in a new order.'
      : 'New attempt: questions and options in a new order.';
    this.#announce(text);
    this.#part('[data-questions]').querySelector<HTMLElement>('input, [data-move]:not([disabled])')?.focus();
  }

  /** Orders questions, options and items from the attempt's seed, so a reload shows the same order. */
  #layOut(): void {
    const random = seededRandom(this.#progress.seed);
    this.#order = shuffle(this.#questions, random);
    for (const question of this.#questions) question.reset(random);
  }

  /** The questions the reader steps through: all of them, or only the missed ones while reviewing. */
  #sequence(): QuestionView[] {
    return this.#reviewing ? this.#order.filter((question) => this.#missedIds.has(question.id)) : this.#order;
  }

  /** Puts the current question alone in the list and brings the progress bar and buttons up to date. */
  #show(): Step {
    const sequence = this.#sequence();
    this.#index = clampIndex(this.#index, sequence.length);
    const step: Step = { index: this.#index, count: sequence.length };
    const current = sequence[this.#index];
    const list = this.#part('[data-questions]');
    list.replaceChildren(...(current ? [current.element] : []));
    list.setAttribute('start', String(this.#index + 1));
    this.#part('[data-position]').textContent = positionText(step, this.#reviewing);
    const bar = this.#part('[data-bar]') as HTMLProgressElement;
    bar.max = Math.max(1, step.count);
    bar.value = step.count === 0 ? 0 : step.index + 1;
    // aria-disabled rather than disabled: the focused button keeps the focus at either end.
    this.#part('[data-action="previous"]').setAttribute('aria-disabled', String(step.index === 0));
    this.#part('[data-action="next"]').textContent = isLast(step) ? 'See your score' : 'Next';
    if (!this.#reviewing && current && this.#progress.current !== current.id) {
      this.#progress.current = current.id;
      this.#save();
    }
    return step;
  }

  /** Previous or Next; past the last question the reader goes to the score. */
  #step(button: HTMLElement, delta: number): void {
    if (button.getAttribute('aria-disabled') === 'true') return;
    const before: Step = { index: this.#index, count: this.#sequence().length };
    if (delta > 0 && isLast(before)) {
      const { overall } = this.#renderScore();
      this.#part('[data-summary]').focus();
      this.#announce(`Your score: ${overall.correct} right of ${overall.answered} answered, ${overall.total} questions.`);
      return;
    }
    this.#index = move(before, delta).index;
    const step = this.#show();
    const prompt = this.#sequence()[step.index]?.prompt ?? '';
    this.#announce(`${positionText(step, this.#reviewing)}: ${prompt}`);
  }

  #renderScore(): ReturnType<typeof score> {
    const result = score(this.#keys(), this.#progress.answers, this.#topics);
    const { overall } = result;
    this.#part('[data-score]').textContent = `${overall.correct} right of ${overall.answered} answered, ${overall.total} questions.`;
    for (const topic of result.byTopic) {
      const row = this.#part(`[data-topic-row="${topic.topic}"]`);
      row.querySelector('[data-cell="correct"]')!.textContent = String(topic.correct);
      row.querySelector('[data-cell="answered"]')!.textContent = `${topic.answered} of ${topic.total}`;
    }
    const previous = this.#part('[data-previous]');
    const last = this.#progress.previous;
    previous.hidden = !last;
    previous.textContent = last ? `Previous attempt: ${last.correct} right of ${last.answered} answered.` : '';
    const missedCount = missed(this.#keys(), this.#progress.answers).length;
    if (!this.#reviewing)
      this.#part('[data-action="review"]').textContent = missedCount > 0 ? `Review what I missed (${missedCount})` : 'Review what I missed';
    return result;
  }

  #showReviewStatus(text: string): void {
    const status = this.#part('[data-review-status]');
    status.textContent = text;
    status.hidden = text === '';
  }

  #save(): void {
    saveProgress(this.#storage, this.#progress);
  }

  #keys() {
    return this.#questions.map((question) => question.key);
  }

  #questionOf(element: Element): QuestionView | undefined {
    const id = element.closest<HTMLElement>('.quiz-question')?.dataset.id;
    return id ? this.#byId.get(id) : undefined;
  }

  // Clearing first makes a repeated message ("Choose an answer first.") announced again.
  #announce(text: string): void {
    const announcer = this.#part('[data-announcer]');
    announcer.textContent = '';
    requestAnimationFrame(() => (announcer.textContent = text));
  }

  #part(selector: string): HTMLElement {
    const found = this.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`quiz markup is missing ${selector}`);
    return found;
  }
}

/** localStorage, or undefined where the browser refuses access to it (the getter itself can throw). */
function browserStorage(): ProgressStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

if (!customElements.get('quiz-bank')) customElements.define('quiz-bank', QuizBank);
