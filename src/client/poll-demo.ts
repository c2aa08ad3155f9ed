import type { RealtimeEvent } from '../lib/realtime/event.ts';
import { latencySince } from './clock.ts';
import { describeEvent } from './event-text.ts';
import { formatDuration, formatShare, PollMetrics, type PollOutcome, type PollRequest } from './poll-metrics.ts';
import { RequestTimeline, type TimelineEvent } from './request-timeline.ts';
import { SequenceCheck } from './sequence-check.ts';
import { clockUncertainty, describeLatency, formatLatency } from './latency-format.ts';
import { formatBytes, percentile } from './stats.ts';
import { newSessionId, UsageMeter, type MeasuredUsage } from './usage-meter.ts';
import { enableScriptedControls } from './focus.ts';
import { RequestTraffic, requestAnswer } from './diagram/widget-traffic.ts';

import { PATHS, PUBLISHABLE_TOPICS, type PollReply } from '../lib/realtime/protocol.ts';
import { eventLabel } from './event-label.ts';
import { startWhenVisible } from './start-when-visible.ts';
import { LiveWidget } from './live-widget.ts';
import type { PollClient, PollClientOptions } from './transport/poll-loop.ts';

/** How near the viewport (px) the widget must come before it measures the clock: a screen ahead, so it is ready when the reader gets there. */
const CLOCK_MARGIN = '800px';

const SHOWN_LINES = 14;
/** Longest wait for a new run's first reply before publishing anyway. */
const READY_WAIT_MS = 5000;
/** Longest wait for the clock offset before reporting the reader's event without its delay. */
const CLOCK_WAIT_MS = 3000;
const encoder = new TextEncoder();

/**
 * What the short- and long-polling widgets share: start/stop, a fresh measured session per run,
 * the request and event logs, the timeline, the counters and "Publish now". Subclasses pick the
 * transport layer's client and draw its requests, and fill their own counters; everything shown
 * comes from real requests.
 */
export abstract class PollDemo extends LiveWidget {
  protected metrics = new PollMetrics();
  protected usage: MeasuredUsage = { requests: 0, received: 0, sent: 0, open: 0 };
  #stopClockWait: (() => void) | undefined;
  protected session = '';
  #check = new SequenceCheck();
  #controller: AbortController | undefined;
  #meter: UsageMeter | undefined;
  #redraw: ReturnType<typeof setInterval> | undefined;
  #timeline: RequestTimeline | undefined;
  #requestNumber = 0;
  /** Events this page published and is waiting to see, by id. */
  #awaiting = new Map<string, TimelineEvent>();
  /** Resolves once this run holds a cursor, so an event published from then on cannot be missed. */
  #ready: PromiseWithResolvers<void> = Promise.withResolvers();
  #publishing = false;
  /** Recently delivered events, by id: the server's stamp, when it arrived (Date.now()) and the request that brought it. */
  #arrived = new Map<string, { ts: number; at: number; request: number }>();
  /** What the page's sequence diagram is told: each request when it leaves and when it ends. */
  #traffic = new RequestTraffic(this.localName === 'long-poll-demo' ? 'long-poll' : 'short-poll');
  #ends = new WeakMap<PollRequest, ReturnType<RequestTraffic['sent']>>();

  protected topicSelect = this.el<HTMLSelectElement>('[data-topic]');
  #startButton = this.el<HTMLButtonElement>('[data-start]');
  #publishButton = this.el<HTMLButtonElement>('[data-publish]');
  #requestLog = this.el<HTMLOListElement>('[data-requests]');
  #eventLog = this.el<HTMLOListElement>('[data-events]');

  /** The transport layer's client for a run on `topic`, built with clientOptions(); `signal` aborts when the run stops. */
  protected abstract createClient(topic: string, signal: AbortSignal): PollClient;
  /** Fills the counters only this kind of polling has. */
  protected abstract renderOwnCounters(): void;
  /** A sentence on what the latency of the reader's own event means for this transport. */
  protected abstract arrivalNote(latency: number | undefined): string;
  /** The state line while running, e.g. "polling every 2.0 s". */
  protected abstract runningState(): string;

  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
    this.#timeline = new RequestTimeline(this.el<SVGSVGElement>('[data-timeline]'));
    this.#startButton.disabled = false;
    this.#publishButton.disabled = false;
    this.#startButton.addEventListener('click', () => (this.#controller ? this.stop() : this.start()));
    this.#publishButton.addEventListener('click', () => void this.#publishNow());
    this.topicSelect.addEventListener('change', () => {
      if (this.#controller) {
        this.stop();
        this.start();
      }
    });
    // Nine round trips of /api/time: made when the widget comes near (or on Start), not while the page loads.
    this.#stopClockWait = startWhenVisible(this, () => this.measureClock(), CLOCK_MARGIN);
  }

  /** Measures the clock offset (once) for the latency counters, and stops waiting for the widget to come near. */
  protected measureClock(): void {
    this.#stopClockWait?.();
    this.#stopClockWait = undefined;
    super.measureClock();
  }

  disconnectedCallback(): void {
    this.#stopClockWait?.();
    this.stop();
  }

  /** Starts a run: a new session id, so the server's byte counts are this run's alone. */
  start(): void {
    this.measureClock();
    const topic = this.topicSelect.value;
    this.session = newSessionId();
    this.metrics = new PollMetrics();
    this.usage = { requests: 0, received: 0, sent: 0, open: 0 };
    this.#check = new SequenceCheck();
    this.#requestNumber = 0;
    this.#ready = Promise.withResolvers();
    this.#awaiting.clear();
    this.#arrived.clear();
    this.#requestLog.replaceChildren();
    this.#eventLog.replaceChildren();
    this.#timeline?.clear();
    this.#eventLog.setAttribute('aria-live', topic === 'notifications' ? 'polite' : 'off');
    const controller = new AbortController();
    this.#controller = controller;
    const meter = new UsageMeter(this.session, (usage) => {
      this.usage = usage;
      this.renderCounters();
    });
    this.#meter = meter;
    meter.start();
    this.#redraw = setInterval(() => this.#timeline?.render(), 200);
    this.#startButton.textContent = 'Stop';
    this.setState(this.runningState());
    this.report(`Running. Each request carries this run's session id, so the server can count its bytes.`);
    this.renderCounters();
    const client = this.createClient(topic, controller.signal);
    controller.signal.addEventListener('abort', () => client.stop(), { once: true });
    client.start();
  }

  /** What both polling clients are given: the topic, this run's session id (so the server counts its bytes), and its retries shown. */
  protected clientOptions(topic: string): PollClientOptions {
    return {
      topic,
      params: () => ({ session: this.session }),
      onState: (state, reason) => {
        if (state === 'waiting') this.setState(reason);
        if (state === 'connecting' && reason === 'retrying') this.setState(this.runningState());
      },
    };
  }

  /** Stops the run; an open request is aborted, which releases it on the server at once. */
  stop(): void {
    const controller = this.#controller;
    if (!controller) return;
    this.#controller = undefined;
    controller.abort();
    const meter = this.#meter;
    meter?.stop();
    // One last reading once the server has counted the aborted request.
    setTimeout(() => void meter?.refresh(), 400);
    clearInterval(this.#redraw);
    this.#timeline?.render();
    this.#startButton.textContent = 'Start';
    this.setState('stopped');
  }

  get running(): boolean {
    return this.#controller !== undefined;
  }

  /** Logs and draws a request that is about to be sent. */
  protected beginRequest(what: string): PollRequest & { line: HTMLLIElement } {
    const request = { n: ++this.#requestNumber, startedAt: Date.now(), events: 0, line: document.createElement('li') };
    this.#timeline?.addRequest(request);
    this.#ends.set(request, this.#traffic.sent(what.split(' ').slice(0, 2).join(' '), request.startedAt));
    this.logLine(`#${request.n} ${what}`, 'waiting…', request.line);
    this.prependCapped(this.#requestLog, request.line, SHOWN_LINES);
    return request;
  }

  /** Records how a request ended, and delivers the events of its reply. */
  protected endRequest(request: PollRequest & { line: HTMLLIElement }, outcome: PollOutcome, reply?: PollReply, note = ''): void {
    request.endedAt = Date.now();
    request.outcome = outcome;
    if (outcome === 'data' || outcome === 'empty' || outcome === 'timeout') this.#ready.resolve();
    request.events = reply?.events.length ?? 0;
    this.#ends.get(request)?.(outcome, requestAnswer(outcome, request.events));
    const delivered = (reply?.events ?? []).map((event) => this.#deliver(event, request));
    this.metrics.record({ startedAt: request.startedAt, endedAt: request.endedAt, outcome }, delivered);
    if (reply?.reset) {
      this.#check.restartAt(reply.cursor);
      this.report(
        `The server could not resume from the cursor (${reply.reset.reason}) and said so with reset; carrying on from ${eventLabel(reply.cursor)}.`,
      );
    }
    const held = formatDuration(request.endedAt - request.startedAt);
    const summary: Record<PollOutcome, string> = {
      data: `${request.events} event${request.events === 1 ? '' : 's'}`,
      empty: 'empty',
      timeout: 'timeout, nothing new',
      error: 'error',
      aborted: 'aborted',
    };
    const main = request.line.firstElementChild!;
    this.logLine(main.textContent ?? '', `${summary[outcome]} · ${held}${note ? ` · ${note}` : ''}`, request.line);
    request.line.className = `is-${outcome}`;
    this.renderCounters();
    this.#timeline?.render();
  }

  protected renderCounters(): void {
    const wire = this.usage.received + this.usage.sent;
    this.count('requests', String(this.metrics.requests));
    this.count('events', String(this.metrics.events));
    this.count('integrity', `${this.#check.missed} / ${this.#check.repeated}`);
    const latencies = this.metrics.latencies;
    const uncertainty = clockUncertainty(this.clock);
    this.count(
      'latency',
      `${formatLatency(percentile(latencies, 0.5), uncertainty)} · ${formatLatency(percentile(latencies, 0.95), uncertainty)}`,
    );
    this.count('bytes', `${formatBytes(this.usage.received)} · ${formatBytes(this.usage.sent)}`);
    const perEvent = this.metrics.bytesPerEvent(wire);
    this.count('per-event', perEvent === undefined ? '–' : formatBytes(Math.round(perEvent)));
    this.count('per-request', this.usage.requests ? formatBytes(Math.round(wire / this.usage.requests)) : '–');
    this.count('data-share', formatShare(this.metrics.eventDataShare(wire)));
    this.renderOwnCounters();
  }

  #deliver(event: RealtimeEvent, request: PollRequest): { latency?: number; bytes: number } {
    const verdict = this.#check.observe(event.id);
    const at = Date.now();
    const latency = this.clock ? latencySince(event.ts, this.clock.offsetMs, at) : undefined;
    const publishedAt = event.ts - (this.clock?.offsetMs ?? 0);
    const mine = this.#awaiting.get(event.id);
    if (mine) {
      mine.deliveredAt = at;
      this.#awaiting.delete(event.id);
    } else {
      this.#timeline?.addEvent({ publishedAt, mine: false, deliveredAt: at });
    }
    this.#arrived.set(event.id, { ts: event.ts, at, request: request.n });
    if (this.#arrived.size > 100) this.#arrived.delete(this.#arrived.keys().next().value!);
    if (mine) void this.#reportArrival(event.id);

    let meta = `${eventLabel(event.id)} · ${formatLatency(latency, clockUncertainty(this.clock))} · request #${request.n}`;
    if (verdict.kind === 'gap') meta += ` — ${verdict.missed} missed!`;
    if (verdict.kind === 'repeat') meta += ' — repeated!';
    const line = this.logLine(describeEvent(event), meta);
    if (verdict.kind === 'gap' || verdict.kind === 'repeat') line.className = 'is-alarm';
    this.prependCapped(this.#eventLog, line, SHOWN_LINES);
    return { latency, bytes: encoder.encode(JSON.stringify(event)).byteLength };
  }

  /**
   * Publishes a notification and watches it arrive. Readers publish only to "notifications", so if
   * the widget is stopped or polling another topic it switches to that topic first and waits until
   * the new run holds a cursor; otherwise the event would go where nothing is watching.
   */
  async #publishNow(): Promise<void> {
    // A flag, not `disabled`: disabling the pressed button would drop the keyboard focus to <body>.
    if (this.#publishing) return;
    this.#publishing = true;
    // Started now at the latest, so the offset is normally in before the event comes back.
    this.measureClock();
    try {
      let switched = false;
      if (!this.running || this.topicSelect.value !== 'notifications') {
        switched = true;
        this.topicSelect.value = 'notifications';
        this.stop();
        this.start();
        this.report('Switching to the topic “notifications”, where your event will go…');
        await Promise.race([this.#ready.promise, new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS))]);
      }
      const published = this.#traffic.sent('POST /api/publish');
      const response = await fetch(PATHS.publish, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ topic: PUBLISHABLE_TOPICS[0], text: `“Publish now” on the ${this.dataset.page ?? 'polling'} page` }),
      }).catch((error: unknown) => {
        published('error', 'failed');
        throw error;
      });
      published(response.ok ? 'data' : 'error', `${response.status} · ${response.ok ? 'published' : 'refused'}`);
      const body = (await response.json()) as RealtimeEvent | { error: string };
      if ('error' in body) return this.report(`Not published: ${body.error}`);
      // A held long poll can bring the event back before the publish request's own reply arrives.
      if (this.#arrived.has(body.id)) return void this.#reportArrival(body.id);
      const mark = { publishedAt: body.ts - (this.clock?.offsetMs ?? 0), mine: true };
      this.#awaiting.set(body.id, mark);
      this.#timeline?.addEvent(mark);
      const prefix = switched ? 'Now polling “notifications”. ' : '';
      this.report(`${prefix}Published as ${eventLabel(body.id)}; it waits on the server until a request asks for it…`);
    } catch (error) {
      this.report(`Not published: ${String(error)}`);
    } finally {
      this.#publishing = false;
    }
  }

  /**
   * Reports the reader's event and its delay. An event can come back before the clock offset is
   * measured (a reader who presses Publish at once); its delay is then worked out from when it
   * arrived once the offset is in, waiting up to CLOCK_WAIT_MS before reporting it without one.
   */
  async #reportArrival(id: string): Promise<void> {
    const arrival = this.#arrived.get(id)!;
    const where = `in the reply to request #${arrival.request}`;
    let clock = this.clock;
    if (!clock) {
      const waiting = `Your ${eventLabel(id)} arrived ${where}; working out its delay once the clock offset to the server is measured…`;
      this.report(waiting);
      clock = await this.clockReady(CLOCK_WAIT_MS);
      // Something newer (a stop, another publish) has been reported meanwhile: leave it.
      if (this.el('[data-report]').textContent !== waiting) return;
    }
    const latency = clock ? latencySince(arrival.ts, clock.offsetMs, arrival.at) : undefined;
    this.report(`Your ${eventLabel(id)} ${describeLatency(latency, clockUncertainty(clock))}, ${where}. ${this.arrivalNote(latency)}`);
  }
}
