/**
 * <scale-calculator>: recomputes the server-rendered results whenever an input changes. Bad input
 * marks its field and leaves the last good results on screen, labelled as such.
 */
import { SCALE_FIELDS, parseScaleInputs } from '../../lib/scale/inputs.ts';
import { explainScale, type ScaleWorkings } from '../../lib/scale/workings.ts';
import { enableScriptedControls } from '../focus.ts';

/** Quiet time after the last keystroke before the new results are read out. */
const ANNOUNCE_DELAY_MS = 800;

class ScaleCalculator extends HTMLElement {
  #form: HTMLFormElement | null = null;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    if (this.#form) return;
    this.#form = this.querySelector<HTMLFormElement>('[data-form]');
    // Enter in a number field would submit the form and reload the page.
    this.#form?.addEventListener('submit', (event) => event.preventDefault());
    this.#form?.addEventListener('input', () => this.#update(true));
    this.classList.add('is-live');
    enableScriptedControls(this);
    this.#update(false);
  }

  disconnectedCallback(): void {
    clearTimeout(this.#announceTimer);
  }

  #update(announce: boolean): void {
    if (!this.#form) return;
    const values = Object.fromEntries([...new FormData(this.#form)].map(([name, value]) => [name, String(value)]));
    const parsed = parseScaleInputs(values);
    for (const input of this.#form.querySelectorAll<HTMLInputElement>('input')) {
      const error = parsed.ok ? undefined : parsed.errors[input.name as keyof typeof parsed.errors];
      input.setAttribute('aria-invalid', String(error !== undefined));
      const message = this.querySelector(`[data-error-for="${input.name}"]`);
      const label = SCALE_FIELDS.find((field) => field.name === input.name)?.label ?? input.name;
      if (message) message.textContent = error ? `${label} ${error}.` : '';
    }
    const status = this.querySelector<HTMLElement>('[data-status]');
    this.querySelector('[data-results]')?.classList.toggle('is-stale', !parsed.ok);
    if (!parsed.ok) {
      if (status) status.textContent = 'Results below are for the last valid values; fix the marked field to update them.';
      return;
    }
    if (status) status.textContent = '';
    const workings = explainScale(parsed.inputs);
    for (const output of this.querySelectorAll<HTMLElement>('[data-out]')) {
      const value = lookup(workings, output.dataset.out ?? '');
      if (typeof value === 'string') output.textContent = value;
    }
    clearTimeout(this.#announceTimer);
    if (announce) this.#announceTimer = setTimeout(() => this.#announce(workings), ANNOUNCE_DELAY_MS);
  }

  // A short summary for screen readers, once typing pauses; the full working is on the page.
  #announce({ transports }: ScaleWorkings): void {
    const announcer = this.querySelector('[data-announcer]');
    if (!announcer) return;
    const perSecond = (result: string) => `${result.replace(' /s', '')} requests per second`;
    announcer.textContent =
      `Updated. Short polling: ${perSecond(transports.shortPolling.requests.result)}, ${transports.shortPolling.empty.result} empty, ${transports.shortPolling.bandwidth.result}. ` +
      `Long polling: ${perSecond(transports.longPolling.requests.result)}, ${transports.longPolling.bandwidth.result}. ` +
      `Server-Sent Events: ${transports.sse.bandwidth.result}. WebSockets: ${transports.webSocket.bandwidth.result}.`;
  }
}

/** The value at a dotted path like "transports.sse.bandwidth.result". */
function lookup(root: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

if (!customElements.get('scale-calculator')) customElements.define('scale-calculator', ScaleCalculator);
