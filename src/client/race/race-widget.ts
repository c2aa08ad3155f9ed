import { TRANSPORTS, type Transport } from '../../data/comparison.ts';
import { measuredCells, raceVerdict, type MeasuredLane } from '../../data/race-verdict.ts';
import { formatMs } from '../stats.ts';
import { latencyPath, niceCeiling } from './chart.ts';
import type { LaneSummary } from './lane.ts';
import { raceMarkdown } from './markdown.ts';
import { raceQuery, readRaceParams, type RaceParams } from './race-params.ts';
import { runRace, type RunningRace } from './race-runner.ts';

const CHART = { width: 600, height: 200 };

/**
 * `<transport-race>`: runs a race from the form (whose values the URL carries), shows the four
 * lanes live, draws latency over time, then fills the comparison table's measured cells and offers
 * the results as Markdown.
 */
class TransportRace extends HTMLElement {
  #form = this.#el<HTMLFormElement>('[data-form]');
  #start = this.#el<HTMLButtonElement>('[data-start]');
  #report = this.#el<HTMLElement>('[data-report]');
  #state = this.#el<HTMLElement>('[data-state]');
  #copy = this.#el<HTMLButtonElement>('[data-copy]');
  #copyState = this.#el<HTMLElement>('[data-copy-state]');
  #running: RunningRace | undefined;
  #abort: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #markdown = '';

  connectedCallback(): void {
    this.classList.add('is-live');
    const params = readRaceParams(location.search);
    for (const [key, value] of Object.entries(params)) (this.#form.elements.namedItem(key) as HTMLInputElement).value = String(value);
    this.#start.disabled = false;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.#form.reportValidity()) void this.#run(this.#params());
    });
    this.#copy.addEventListener('click', () => void this.#copyMarkdown());
    // Leaving the page closes every lane's request and socket.
    window.addEventListener('pagehide', () => this.#abort?.abort());
  }

  disconnectedCallback(): void {
    this.#abort?.abort();
  }

  #params(): RaceParams {
    const data = new FormData(this.#form);
    return readRaceParams(`?${new URLSearchParams(data as unknown as Record<string, string>)}`);
  }

  async #run(params: RaceParams): Promise<void> {
    history.replaceState(null, '', `${location.pathname}${raceQuery(params)}${location.hash}`);
    this.#start.disabled = true;
    this.#copy.disabled = true;
    this.#copyState.textContent = '';
    this.#setState('starting');
    this.#report.textContent = 'Measuring the clock offset and asking the server for a race…';
    this.#abort = new AbortController();
    try {
      const running = await runRace(params, this.#abort.signal);
      this.#running = running;
      this.#setState('racing');
      this.#report.textContent =
        `Race ${running.race.topic}: ${running.race.expected} events at ${params.rate}/s for ${params.duration} s. ` +
        'All four lanes are connected; the server starts publishing in a moment.';
      this.#timer = setInterval(() => this.#render(params, false), 250);
      await running.done;
      clearInterval(this.#timer);
      this.#render(params, true);
      this.#finish(params, running);
    } catch (error) {
      clearInterval(this.#timer);
      this.#setState('failed');
      this.#report.textContent = `The race could not run: ${(error as Error).message}`;
    } finally {
      this.#start.disabled = false;
    }
  }

  #summaries(): Array<[Transport, LaneSummary]> {
    const lanes = this.#running!.lanes;
    return TRANSPORTS.map((t) => [t, lanes[t].counters.summary()]);
  }

  #render(params: RaceParams, final: boolean): void {
    const running = this.#running!;
    for (const [transport, lane] of this.#summaries()) {
      const row = this.querySelector<HTMLElement>(`[data-lane="${transport}"]`)!;
      const cell = (key: string, text: string) => (row.querySelector<HTMLElement>(`[data-cell="${key}"]`)!.textContent = text);
      cell('delivered', `${lane.delivered} / ${lane.expected}`);
      cell('missed', String(lane.missed));
      cell('duplicated', String(lane.duplicated));
      cell('p50', formatMs(lane.p50));
      cell('p95', formatMs(lane.p95));
      cell('max', formatMs(lane.max));
      cell('requests', String(lane.requests));
      cell('empty', String(lane.empty));
      cell('bytes', lane.bytesPerEvent === undefined ? '–' : `${Math.round(lane.bytesPerEvent)} B (${lane.bytesSource})`);
      cell('connections', String(lane.connections));
      row.classList.toggle('is-lossy', final && (lane.missed > 0 || lane.duplicated > 0));
    }
    this.#drawChart(params, running);
  }

  #drawChart(params: RaceParams, running: RunningRace): void {
    const all = TRANSPORTS.flatMap((t) => running.lanes[t].counters.points);
    const maxAtMs = Math.max((params.duration + params.interval + 3) * 1000, ...all.map((p) => p.atMs));
    const maxLatencyMs = niceCeiling(Math.max(1, ...all.map((p) => p.latencyMs)));
    for (const t of TRANSPORTS) {
      const path = this.querySelector<SVGPathElement>(`[data-path="${t}"]`)!;
      path.setAttribute('d', latencyPath(running.lanes[t].counters.points, { ...CHART, maxAtMs, maxLatencyMs }));
    }
    this.querySelector('[data-chart-end]')!.textContent = `${Math.round(maxAtMs / 1000)} s`;
    this.querySelector('[data-chart-top]')!.textContent = `${maxLatencyMs} ms`;
  }

  #finish(params: RaceParams, running: RunningRace): void {
    const summaries = this.#summaries();
    const lossy = summaries.filter(([, lane]) => lane.missed > 0 || lane.duplicated > 0);
    const results = Object.fromEntries(
      summaries.map(([t, lane]) => [
        t,
        { p50Ms: lane.p50 ?? Number.NaN, bytesPerEvent: lane.bytesPerEvent ?? Number.NaN, delivered: lane.delivered, requests: lane.requests } satisfies MeasuredLane,
      ]),
    ) as Record<Transport, MeasuredLane>;
    const verdict = summaries.every(([, lane]) => lane.delivered > 0)
      ? raceVerdict(results, params.interval * 1000)
      : 'No verdict: a lane delivered nothing, so there is nothing to compare.';
    for (const [t, lane] of summaries) {
      if (lane.delivered === 0) continue;
      const cells = measuredCells(results[t]);
      this.#fillMeasured(`latency:${t}`, cells.latency);
      this.#fillMeasured(`overhead:${t}`, `${cells.overhead} (${lane.bytesSource})`);
    }
    const verdictLine = document.querySelector<HTMLElement>('[data-race-verdict]');
    if (verdictLine) verdictLine.textContent = verdict;
    this.#setState(lossy.length ? 'lost events!' : 'finished');
    this.#report.textContent = lossy.length
      ? `Warning: ${lossy.map(([t, l]) => `${t} missed ${l.missed} and duplicated ${l.duplicated}`).join('; ')}.`
      : `Finished: every lane delivered all ${running.race.expected} events exactly once (0 missed, 0 duplicated). ${verdict}`;
    this.#markdown = raceMarkdown(params, summaries, verdict, location.href);
    this.#copy.disabled = false;
  }

  #fillMeasured(key: string, text: string): void {
    const slot = document.querySelector<HTMLElement>(`[data-measured="${key}"]`);
    if (!slot) return;
    slot.querySelector('[data-value]')!.textContent = text;
    slot.hidden = false;
  }

  async #copyMarkdown(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.#markdown);
      this.#copyState.textContent = 'Copied the results table as Markdown.';
    } catch {
      this.#copyState.textContent = 'The browser refused the clipboard; nothing was copied.';
    }
  }

  #setState(text: string): void {
    this.#state.textContent = text;
  }

  #el<T extends Element>(selector: string): T {
    return this.querySelector<T>(selector)!;
  }
}

customElements.define('transport-race', TransportRace);
