import { EventStreamParser } from './event-stream-parser.ts';
import { formatBytes, formatMs } from './stats.ts';
import { enableScriptedControls } from './focus.ts';
import { LiveWidget } from './live-widget.ts';

const SHOWN_WIRE_CHARS = 4000;

/**
 * `<token-stream-demo>`: POSTs a prompt to /api/stream and reads the event stream through
 * `response.body`, the way AI chat pages do. Shows the words as they arrive, the raw body text,
 * the time to the first token, and stops the request with an AbortController.
 */
class TokenStreamDemo extends LiveWidget {
  #controller: AbortController | undefined;
  #form = this.el<HTMLFormElement>('[data-form]');
  #send = this.el<HTMLButtonElement>('[data-send]');
  #abort = this.el<HTMLButtonElement>('[data-abort]');
  #reply = this.el<HTMLElement>('[data-reply]');
  #wire = this.el<HTMLElement>('[data-wire]');

  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
    this.#send.disabled = false;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#stream(String(new FormData(this.#form).get('prompt') ?? ''));
    });
    this.#abort.addEventListener('click', () => this.#controller?.abort());
  }

  disconnectedCallback(): void {
    this.#controller?.abort();
  }

  async #stream(prompt: string): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#reply.textContent = '';
    this.#wire.textContent = '';
    this.#setRunning(true);
    const started = performance.now();
    let firstTokenMs: number | undefined;
    let tokens = 0;
    let tokenBytes = 0;
    let bodyBytes = 0;
    let chunks = 0;
    let finished = false;
    const planned = Number(this.dataset.maxTokens);
    const encoder = new TextEncoder();
    const show = (): void => {
      this.count('first', firstTokenMs === undefined ? '–' : formatMs(firstTokenMs));
      this.count('tokens', `${tokens}${planned ? ` / ${planned}` : ''}`);
      this.count('chunks', String(chunks));
      this.count('bytes', formatBytes(bodyBytes));
      this.count(
        'framing',
        bodyBytes ? `${formatBytes(bodyBytes - tokenBytes)} (${Math.round(((bodyBytes - tokenBytes) / bodyBytes) * 100)} %)` : '–',
      );
    };
    show();
    try {
      const response = await fetch('/api/stream', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ prompt, maxTokens: planned }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        this.#finish(`The server answered ${response.status}: ${body.error ?? response.statusText}.`);
        return;
      }
      const parser = new EventStreamParser();
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks++;
        bodyBytes += value.byteLength;
        const text = decoder.decode(value, { stream: true });
        this.appendCappedText(this.#wire, text, SHOWN_WIRE_CHARS);
        for (const event of parser.push(text)) {
          if (event.type === 'token') {
            const token = (JSON.parse(event.data) as { text: string }).text;
            firstTokenMs ??= performance.now() - started;
            tokens++;
            tokenBytes += encoder.encode(token).byteLength;
            this.#reply.append(token);
          } else if (event.type === 'done') {
            const summary = JSON.parse(event.data) as { tokens: number; reason: string };
            finished = true;
            this.#finish(
              `Finished: ${summary.tokens} tokens in ${formatMs(performance.now() - started)}, the first after ${formatMs(firstTokenMs)}` +
                (summary.reason === 'time limit' ? ' (cut at the server’s time limit).' : '.'),
            );
          }
        }
        show();
      }
      if (this.#controller === controller && !finished) this.#finish('The stream ended without a done event.');
    } catch (error) {
      if (controller.signal.aborted)
        this.#finish(`Stopped after ${tokens} tokens: the request was aborted and the server stopped writing.`);
      else this.#finish(`The stream failed: ${error instanceof Error ? error.message : String(error)}.`);
    } finally {
      show();
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.#setRunning(false);
      }
    }
  }

  #setRunning(running: boolean): void {
    if (running) this.setState('streaming');
    this.#abort.disabled = !running;
    this.#send.disabled = running;
    if (running) this.report('Streaming…');
  }

  #finish(message: string): void {
    this.setState('done');
    this.report(message);
  }
}

customElements.define('token-stream-demo', TokenStreamDemo);
