import { TRANSPORTS, TRANSPORT_INFO, type Transport } from '../../data/comparison.ts';
import { measuredCells, raceVerdict, raceVerdictLines, type MeasuredLane } from '../../data/race-verdict.ts';
import { clockUncertainty, formatLatency } from '../latency-format.ts';
import { decadeCeiling, latencyPath, latencyY } from './chart.ts';
import { diagnosePool, explainPool, STREAM_OPEN_THRESHOLD_MS, unansweredMs, type PoolDiagnosis, type RequestTiming } from './pool-check.ts';
import type { LaneSummary } from './lane.ts';
import { raceMarkdown } from './markdown.ts';
import { raceQuery, readRaceParams, type RaceParams } from './race-params.ts';
import { runRace, type RunningRace } from './race-runner.ts';
import { disableKeepingFocus, enableScriptedControls } from '../focus.ts';
import { LiveWidget } from '../live-widget.ts';

const CHART = { width: 600, height: 200 };

/**
 * `<transport-race>`: runs a race from the form (whose values the URL carries), shows the four
 * lanes live, draws latency over time, then fills the comparison table's measured cells and offers
 * the results as Markdown.
 */
class TransportRace extends LiveWidget {
  #form = this.el<HTMLFormElement>('[data-form]');
  #start = this.el<HTMLButtonElement>('[data-start]');
  #copy = this.el<HTMLButtonElement>('[data-copy]');
  #copyState = this.el<HTMLElement>('[data-copy-state]');
  #running: RunningRace | undefined;
  #abort: AbortController | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #markdown = '';

  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
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
    disableKeepingFocus(this.#start, this.#form.querySelector('input')!);
    this.#copy.disabled = true;
    this.el<HTMLElement>('[data-verdict]').hidden = true;
    this.#copyState.textContent = '';
    this.setState('starting');
    this.report('Measuring the clock offset and asking the server for a race…');
    this.#abort = new AbortController();
    try {
      const clock = await this.clockReady();
      if (!clock) throw new Error('the clock offset to the server could not be measured');
      const running = await runRace(params, clock, this.#abort.signal);
      this.#running = running;
      this.setState('racing');
      this.report(
        `Race ${running.race.topic}: ${running.race.expected} events at ${params.rate}/s for ${params.duration} s. ` +
          'All four lanes are connected; the server starts publishing in a moment.',
      );
      this.#timer = setInterval(() => this.#render(params, false), 250);
      await running.done;
      clearInterval(this.#timer);
      this.#render(params, true);
      this.#finish(params, running);
    } catch (error) {
      clearInterval(this.#timer);
      this.setState('failed');
      this.report(`The race could not run: ${(error as Error).message}`);
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
    const uncertainty = clockUncertainty(running.clock);
    for (const [transport, lane] of this.#summaries()) {
      const card = this.el<HTMLElement>(`[data-lane="${transport}"]`);
      const cell = (key: string, text: string) => (card.querySelector<HTMLElement>(`[data-cell="${key}"]`)!.textContent = text);
      cell('delivered', `${lane.delivered} / ${lane.expected}`);
      cell('missed', String(lane.missed));
      cell('duplicated', String(lane.duplicated));
      cell('p50', formatLatency(lane.p50, uncertainty));
      cell('p95', formatLatency(lane.p95, uncertainty));
      cell('max', formatLatency(lane.max, uncertainty));
      cell('requests', String(lane.requests));
      cell('empty', String(lane.empty));
      cell('bytes', lane.bytesPerEvent === undefined ? '–' : `${Math.round(lane.bytesPerEvent)} B (${lane.bytesSource})`);
      cell('connections', String(lane.connections));
      card.classList.toggle('is-lossy', final && (lane.missed > 0 || lane.duplicated > 0));
    }
    const sse = running.lanes.sse.counters;
    if (!final && sse.openedAfterMs === undefined && performance.now() - running.startedAt > STREAM_OPEN_THRESHOLD_MS) {
      this.report(
        'The event stream has not opened yet: the browser is holding it in its queue, probably because other tabs of this site use all six HTTP/1.1 connections it allows.',
      );
    }
    this.#drawChart(params, running);
  }

  #drawChart(params: RaceParams, running: RunningRace): void {
    const all = TRANSPORTS.flatMap((t) => running.lanes[t].counters.points);
    const maxAtMs = Math.max((params.duration + params.interval + 3) * 1000, ...all.map((p) => p.atMs));
    const highest = Math.max(0, ...all.map((p) => p.latencyMs));
    const box = { ...CHART, maxAtMs, maxLatencyMs: Math.max(10_000, decadeCeiling(highest)) };
    for (const t of TRANSPORTS) {
      const path = this.el<SVGPathElement>(`[data-path="${t}"]`);
      path.setAttribute('d', latencyPath(running.lanes[t].counters.points, box));
    }
    // The gridlines were drawn for an axis up to 10 s; a slower race moves them down.
    for (const [i, line] of [...this.querySelectorAll<SVGLineElement>('.race-grid')].entries()) {
      const y = String(latencyY(10 ** i, box));
      line.setAttribute('y1', y);
      line.setAttribute('y2', y);
      const label = this.querySelectorAll<HTMLElement>('.race-chart-ticks span')[i];
      if (label) label.style.top = `${(latencyY(10 ** i, box) / box.height) * 100}%`;
    }
    this.el('[data-chart-end]').textContent = `${Math.round(maxAtMs / 1000)} s`;
    this.el('[data-chart-top]').textContent = all.length ? `${Math.round(highest).toLocaleString('en')} ms` : '–';
  }

  /** Checks whether the browser held the race's requests back (a starved connection pool). */
  #poolDiagnosis(running: RunningRace): PoolDiagnosis | undefined {
    const topic = `topic=${encodeURIComponent(running.race.topic)}`;
    const timings = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) =>
      entry.name.includes(topic),
    ) as RequestTiming[];
    const schedule = {
      firstEventAt: running.race.startsAt - running.clock.offsetMs,
      lastEventAt: running.race.endsAt - running.clock.offsetMs,
    };
    // A poll the browser still held when the race stopped has no timing at all: only that it went unanswered.
    const unanswered = TRANSPORTS.flatMap((t) => running.lanes[t].counters.unanswered ?? []).map((request) =>
      unansweredMs(request, schedule),
    );
    return diagnosePool(timings, running.lanes.sse.counters.openedAfterMs, performance.now() - running.startedAt, unanswered);
  }

  #finish(params: RaceParams, running: RunningRace): void {
    const summaries = this.#summaries();
    const lossy = summaries.filter(([, lane]) => lane.missed > 0 || lane.duplicated > 0);
    const pool = this.#poolDiagnosis(running);
    const results = Object.fromEntries(
      summaries.map(([t, lane]) => [
        t,
        {
          p50Ms: lane.p50 ?? Number.NaN,
          bytesPerEvent: lane.bytesPerEvent ?? Number.NaN,
          delivered: lane.delivered,
          requests: lane.requests,
        } satisfies MeasuredLane,
      ]),
    ) as Record<Transport, MeasuredLane>;
    const complete = summaries.every(([, lane]) => lane.delivered > 0);
    const verdict = complete
      ? raceVerdict(results, params.interval * 1000)
      : 'No verdict: a lane delivered nothing, so there is nothing to compare.';
    const lines: string[] = pool
      ? ['No verdict: the browser held requests back, so the numbers measure its queue, not the transports.']
      : complete
        ? raceVerdictLines(results, params.interval * 1000, clockUncertainty(running.clock))
        : [verdict];
    if (!pool) {
      for (const [t, lane] of summaries) {
        if (lane.delivered === 0) continue;
        const cells = measuredCells(results[t]);
        this.#fillMeasured(`latency:${t}`, cells.latency);
        this.#fillMeasured(`overhead:${t}`, `${cells.overhead} (${lane.bytesSource})`);
      }
    }
    this.#showVerdict(lines);
    const lanes = lossy.map(([t, l]) => `${TRANSPORT_INFO[t].name} missed ${l.missed} and duplicated ${l.duplicated}`).join('; ');
    if (pool) {
      this.setState('browser queue');
      this.report(`${explainPool(pool)}${lossy.length ? ` (Still undelivered when the race ended: ${lanes}.)` : ''}`);
    } else {
      this.setState(lossy.length ? 'lost events!' : 'finished');
      this.report(
        lossy.length
          ? `Warning: ${lanes}.`
          : `Finished: every lane delivered all ${running.race.expected} events exactly once (0 missed, 0 duplicated).`,
      );
    }
    this.#markdown = raceMarkdown(params, summaries, pool ? explainPool(pool) : verdict, location.href);
    this.#copy.disabled = false;
  }

  /** Shows the verdict lines in the widget and under the comparison table. */
  #showVerdict(lines: readonly string[]): void {
    const inWidget = this.el<HTMLOListElement>('[data-verdict]');
    inWidget.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
    inWidget.hidden = false;
    const underTable = document.querySelector<HTMLElement>('[data-race-verdict]');
    if (underTable) underTable.textContent = lines.join(' ');
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
}

customElements.define('transport-race', TransportRace);
