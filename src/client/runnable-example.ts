import type { WorkerReport } from './runnable-worker.ts';

/** Output lines kept on screen; older ones are summarised so a chatty snippet cannot grow the page forever. */
const MAX_LINES = 200;

/**
 * `<runnable-example>`: Run starts the snippet in a fresh worker and prints its console output
 * with the time since start; Stop (or the time limit) terminates the worker.
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

  connectedCallback(): void {
    this.#run.disabled = false;
    this.#status.textContent = 'Ready.';
    this.#run.addEventListener('click', () => this.start());
    this.#stop.addEventListener('click', () => this.stop('Stopped.'));
  }

  disconnectedCallback(): void {
    this.stop('Stopped.');
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
    worker.postMessage({ code: this.dataset.code ?? '' });
    const seconds = Number(this.dataset.stopAfter ?? 30);
    this.#timer = setTimeout(() => this.stop(`Stopped after ${seconds} s, closing what the example opened.`), seconds * 1000);
    this.#run.textContent = 'Run again';
    this.#stop.disabled = false;
    this.#status.textContent = 'Running…';
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
