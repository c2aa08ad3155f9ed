import type { WorkerReport } from './runnable-worker.ts';
import type { SnippetEditor } from './runnable-editor.ts';

/** Output lines kept on screen; older ones are summarised so a chatty snippet cannot grow the page forever. */
const MAX_LINES = 200;

/**
 * `<runnable-example>`: Run starts the snippet in a fresh worker and prints its console output
 * with the time since start; Stop (or the time limit) terminates the worker. Edit swaps the
 * highlighted snippet for an editor (loaded on that click), Run then runs the edited code, and
 * Reset puts the original back.
 */
class RunnableExample extends HTMLElement {
  #worker: Worker | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #startedAt = 0;
  #dropped = 0;
  #run = this.querySelector<HTMLButtonElement>('[data-run]')!;
  #stop = this.querySelector<HTMLButtonElement>('[data-stop]')!;
  #status = this.querySelector<HTMLElement>('[data-status]')!;
  #output = this.querySelector<HTMLElement>('[data-output]')!;
  #edit = this.querySelector<HTMLButtonElement>('[data-edit]')!;
  #reset = this.querySelector<HTMLButtonElement>('[data-reset]')!;
  #editor: SnippetEditor | undefined;

  connectedCallback(): void {
    if (!this.#run.disabled) return;
    this.#run.disabled = false;
    this.#edit.disabled = false;
    this.#status.textContent = 'Ready.';
    this.#run.addEventListener('click', () => this.start());
    this.#stop.addEventListener('click', () => this.stop('Stopped.'));
    this.#edit.addEventListener('click', () => void this.#openEditor());
    this.#reset.addEventListener('click', () => this.#resetCode());
  }

  disconnectedCallback(): void {
    this.stop('Stopped.');
  }

  /** The code Run runs: the reader's edit if the editor is open, else the snippet as written. */
  get code(): string {
    return this.#editor?.code() ?? this.dataset.code ?? '';
  }

  async #openEditor(): Promise<void> {
    if (this.#editor) return;
    this.#edit.disabled = true;
    this.#status.textContent = 'Loading the editor…';
    const host = this.querySelector<HTMLElement>('[data-editor]')!;
    const original = this.querySelector<HTMLElement>('[data-original]')!;
    try {
      const { openSnippetEditor } = await import('./runnable-editor.ts');
      const label = `${this.#edit.getAttribute('aria-label')?.replace(/^Edit/, 'Code of') ?? 'Code of the example'}, editable`;
      this.#editor = openSnippetEditor(host, this.dataset.code ?? '', label, (code) => {
        this.#reset.disabled = code === this.dataset.code;
      });
    } catch (error) {
      this.#edit.disabled = false;
      this.#status.textContent = `The editor could not load (${error instanceof Error ? error.message : String(error)}); Run still runs the example as written.`;
      return;
    }
    host.hidden = false;
    original.hidden = true;
    this.#edit.hidden = true;
    this.#reset.hidden = false;
    this.#status.textContent = 'Editing: Run runs your version, Reset puts the original back. Tab leaves the editor.';
    this.#editor.focus();
  }

  #resetCode(): void {
    if (!this.#editor) return;
    // Reset disables itself once the code is the original again: move the focus to the editor first, not to <body>.
    this.#editor.focus();
    this.#editor.replace(this.dataset.code ?? '');
    this.#status.textContent = 'Back to the original example.';
  }

  start(): void {
    this.stop('');
    this.#output.replaceChildren();
    this.#dropped = 0;
    this.#startedAt = performance.now();
    const worker = new Worker(new URL('./runnable-worker.ts', import.meta.url), { type: 'module' });
    this.#worker = worker;
    worker.addEventListener('message', (event: MessageEvent<WorkerReport>) => this.#onReport(event.data));
    worker.addEventListener('error', (event) => this.#print('error', `Worker failed: ${event.message}`));
    worker.postMessage({ code: this.code });
    const seconds = Number(this.dataset.stopAfter ?? 30);
    this.#timer = setTimeout(() => this.stop(`Stopped after ${seconds} s, closing what the example opened.`), seconds * 1000);
    this.#run.textContent = 'Run again';
    this.#stop.disabled = false;
    this.#status.textContent = this.#editor && this.code !== this.dataset.code ? 'Running your edited version…' : 'Running…';
  }

  stop(message: string): void {
    clearTimeout(this.#timer);
    if (!this.#worker) return;
    this.#worker.terminate();
    this.#worker = undefined;
    this.#stop.disabled = true;
    if (message) this.#status.textContent = message;
  }

  #onReport(report: WorkerReport): void {
    // A snippet that only sets up listeners "finishes" at once but keeps running; say so plainly.
    if (report.kind === 'finished') this.#status.textContent = 'Running — listening for what the server sends. Stop closes it.';
    else this.#print(report.kind, report.text);
  }

  #print(kind: 'log' | 'error', text: string): void {
    const line = document.createElement('span');
    line.className = `runnable-line runnable-${kind}`;
    const seconds = ((performance.now() - this.#startedAt) / 1000).toFixed(2);
    line.textContent = `+${seconds}s  ${text}\n`;
    this.#output.append(line);
    while (this.#output.childElementCount > MAX_LINES) {
      this.#output.firstElementChild?.remove();
      this.#dropped += 1;
    }
    if (this.#dropped > 0) this.#output.dataset.dropped = `${this.#dropped} earlier lines not shown`;
    this.#output.scrollTop = this.#output.scrollHeight;
  }
}

customElements.define('runnable-example', RunnableExample);
