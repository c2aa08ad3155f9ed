/**
 * <scale-calculator>: recomputes the server-rendered results whenever an input changes. Bad input
 * marks its field and leaves the last good results on screen, labelled as such.
 */
import { SCALE_FIELDS, parseScaleInputs } from '../../lib/scale/inputs.ts';
import { explainScale, type ScaleWorkings } from '../../lib/scale/workings.ts';
import { explainBottlenecks } from '../../lib/scale/bottleneck.ts';
import { SCALE_PRESETS, type ScalePreset } from '../../lib/scale/presets.ts';
import type { ScaleInputs } from '../../lib/scale/calculator.ts';
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
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
      const preset = SCALE_PRESETS.find((candidate) => candidate.id === button.dataset.preset);
      if (preset) button.addEventListener('click', () => this.#apply(preset));
    }
    this.classList.add('is-live');
    enableScriptedControls(this);
    this.#update(false);
  }

  disconnectedCallback(): void {
    clearTimeout(this.#announceTimer);
  }

  /** Fills every input from `preset` and recomputes, as if the reader had typed the numbers. */
  #apply(preset: ScalePreset): void {
    if (!this.#form) return;
    for (const [name, value] of Object.entries(preset.inputs)) {
      const input = this.#form.elements.namedItem(name);
      if (input instanceof HTMLInputElement) input.value = String(value);
    }
    this.#update(true);
  }

  /** Marks the preset whose numbers are in the form (none once the reader changes one) and says what situation it describes. */
  #markPreset(inputs: ScaleInputs | undefined): void {
    const current = inputs && SCALE_PRESETS.find((preset) => sameInputs(preset.inputs, inputs));
    for (const button of this.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
      button.setAttribute('aria-pressed', String(button.dataset.preset === current?.id));
    }
    const situation = this.querySelector('[data-situation]');
    if (situation) situation.textContent = current ? `${current.label}: ${current.situation}` : '';
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
    this.#markPreset(parsed.ok ? parsed.inputs : undefined);
    if (!parsed.ok) {
      if (status) status.textContent = 'Results below are for the last valid values; fix the marked field to update them.';
      return;
    }
    if (status) status.textContent = '';
    const workings = explainScale(parsed.inputs);
    const breaks = explainBottlenecks(parsed.inputs);
    for (const output of this.querySelectorAll<HTMLElement>('[data-out]')) {
      const value = lookup({ ...workings, breaks }, output.dataset.out ?? '');
      if (typeof value === 'string') output.textContent = value;
    }
    clearTimeout(this.#announceTimer);
    if (announce) this.#announceTimer = setTimeout(() => this.#announce(workings, breaks), ANNOUNCE_DELAY_MS);
  }

  // A short summary for screen readers, once typing pauses; the full working is on the page.
  #announce({ transports }: ScaleWorkings, breaks: ReturnType<typeof explainBottlenecks>): void {
    const announcer = this.querySelector('[data-announcer]');
    if (!announcer) return;
    const perSecond = (result: string) => `${result.replace(' /s', '')} requests per second`;
    announcer.textContent =
      `Updated. Short polling: ${perSecond(transports.shortPolling.requests.result)}, ${transports.shortPolling.empty.result} empty, ${transports.shortPolling.bandwidth.result}. ` +
      `Long polling: ${perSecond(transports.longPolling.requests.result)}, ${transports.longPolling.bandwidth.result}. ` +
      `Server-Sent Events: ${transports.sse.bandwidth.result}. WebSockets: ${transports.webSocket.bandwidth.result}. ` +
      `Runs out first: short polling ${breaks.shortPolling.result}; long polling ${breaks.longPolling.result}; ` +
      `Server-Sent Events ${breaks.sse.result}; WebSockets ${breaks.webSocket.result}.`;
  }
}

function sameInputs(a: ScaleInputs, b: ScaleInputs): boolean {
  return (Object.keys(a) as Array<keyof ScaleInputs>).every((name) => a[name] === b[name]);
}

/** The value at a dotted path like "transports.sse.bandwidth.result". */
function lookup(root: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

if (!customElements.get('scale-calculator')) customElements.define('scale-calculator', ScaleCalculator);
