import { PATHS, type SseHello, type WireEvent, type WireReset } from '../lib/realtime/protocol.ts';
import { latencySince } from './clock.ts';
import { LiveWidget } from './live-widget.ts';
import { describeEvent } from './event-text.ts';
import { disableKeepingFocus, enableScriptedControls } from './focus.ts';
import { SequenceCheck } from './sequence-check.ts';
import { autoStartWhenVisible } from './start-when-visible.ts';
import { ConnectionTraffic, RequestTraffic } from './diagram/widget-traffic.ts';
import { eventLabel } from './event-label.ts';
import { clockUncertainty, describeLatency, formatLatency } from './latency-format.ts';
import { formatBytes, percentile } from './stats.ts';
import type { ConnectionChange } from './transport/realtime-client.ts';
import { SseClient } from './transport/sse.ts';

const SHOWN_EVENTS = 14;
const SHOWN_WIRE_CHARS = 5000;
/** Longest wait for a new stream's hello before publishing anyway. */
const SUBSCRIBE_WAIT_MS = 5000;

/** The EventSource state the reader is shown, from the stream client's connection changes. */
function connectionText(change: ConnectionChange): string {
  if (change.kind === 'open') return 'open';
  return change.retrying ? 'reconnecting (the browser waits, then sends Last-Event-ID)' : 'closed by the browser';
}

/**
 * `<sse-demo>`: the transport layer's EventSource client on /api/sse, plus a second stream
 * (/api/sse/wire) that shows the first one's bytes as the server wrote them. Counts, latency and
 * the resume after a drop are all measured from what actually arrives.
 */
class SseDemo extends LiveWidget {
  #client: SseClient | undefined;
  #tap: EventSource | undefined;
  #check = new SequenceCheck();
  #latencies: number[] = [];
  #live = 0;
  #replayed = 0;
  #reconnects = 0;
  /** Server-counted bytes of streams that have ended, plus the current one's running count. */
  #bytesBefore = 0;
  #bytesCurrent = 0;
  #connection: string | undefined;
  #resume: { from: string; droppedAt: number; ids: string[] } | undefined;
  #droppedAt = 0;
  /** Resolves when the current stream's hello arrives: from then on it is subscribed. */
  #subscribed: PromiseWithResolvers<void> = Promise.withResolvers();
  #cancelAutoStart: (() => void) | undefined;
  /** Notifications this page published and is waiting to see, by id: when send was pressed. */
  #awaiting = new Map<string, number>();
  /** Recently received live events: their latency and arrival time. */
  #arrived = new Map<string, { latency: number | undefined; at: number }>();
  /** What the page's sequence diagram is told: the stream, what comes down it, and the publish requests. */
  #stream = new ConnectionTraffic('sse');
  #requests = new RequestTraffic('sse');

  #topic = this.el<HTMLSelectElement>('[data-topic]');
  #connect = this.el<HTMLButtonElement>('[data-connect]');
  #drop = this.el<HTMLButtonElement>('[data-drop]');
  #notify = this.el<HTMLFormElement>('[data-notify]');
  #events = this.el<HTMLOListElement>('[data-events]');
  #wire = this.el<HTMLElement>('[data-wire]');

  connectedCallback(): void {
    this.classList.add('is-live');
    enableScriptedControls(this);
    this.#connect.disabled = false;
    this.#notify.querySelector('button')!.disabled = false;
    this.#connect.addEventListener('click', () => (this.#client ? this.disconnect() : this.connect()));
    this.#drop.addEventListener('click', () => void this.#dropConnection());
    this.#topic.addEventListener('change', () => {
      if (this.#client) {
        this.disconnect();
        this.connect();
      }
    });
    this.#notify.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#sendNotification();
    });
    this.measureClock();
    // Listening is safe, so the stream starts by itself once the reader scrolls to it (as the chat does).
    this.#cancelAutoStart = autoStartWhenVisible(this, () => {
      if (!this.#client) this.connect();
    });
  }

  disconnectedCallback(): void {
    this.#cancelAutoStart?.();
    this.disconnect();
  }

  connect(): void {
    this.#resetCounters();
    const topic = this.#topic.value;
    this.#subscribed = Promise.withResolvers();
    this.#client = new SseClient({
      topic,
      traffic: this.#stream,
      onConnection: (change) => this.#onConnection(change),
      onHello: (hello) => this.#onHello(hello),
      onLive: (_cursor, replayed) => this.#onLive(replayed ?? 0),
      onReset: (reset) => this.#onReset(reset),
      onEvent: (event) => this.#onEvent(event),
    });
    this.el('[data-events-log]').setAttribute('aria-live', topic === 'notifications' ? 'polite' : 'off');
    this.#connect.textContent = 'Disconnect';
    this.setState('connecting');
    this.#client.start();
  }

  disconnect(): void {
    this.#client?.stop();
    this.#client = undefined;
    this.#closeTap();
    this.#connect.textContent = 'Connect';
    disableKeepingFocus(this.#drop, this.#connect);
    this.setState('not connected');
  }

  #onConnection(change: ConnectionChange): void {
    this.setState(connectionText(change));
    if (change.kind === 'lost' && change.retrying) disableKeepingFocus(this.#drop, this.#connect);
  }

  #onHello(hello: SseHello): void {
    this.#connection = hello.connection;
    this.#subscribed.resolve();
    this.#drop.disabled = false;
    this.#openTap(hello.connection);
    if (hello.lastEventId !== null) {
      this.#reconnects += 1;
      this.#resume = { from: hello.lastEventId, droppedAt: this.#droppedAt, ids: [] };
      this.count('reconnects', String(this.#reconnects));
    }
  }

  #onLive(replayed: number): void {
    const resume = this.#resume;
    if (!resume) return;
    this.#resume = undefined;
    const after = resume.droppedAt ? `${Math.round(performance.now() - resume.droppedAt)} ms after the drop, ` : '';
    const range = resume.ids.length ? ` (${eventLabel(resume.ids[0]!)} … ${eventLabel(resume.ids.at(-1)!)})` : '';
    this.report(
      `Reconnected ${after}sending Last-Event-ID: ${resume.from}. ` +
        `The server replayed ${replayed} event${replayed === 1 ? '' : 's'}${range}; this page received ${resume.ids.length}. ` +
        `Missed so far: ${this.#check.missed}, repeated: ${this.#check.repeated}.`,
    );
  }

  #onReset(notice: WireReset): void {
    this.#check.restartAt(notice.cursor);
    this.report(
      `The server could not resume from that cursor (${notice.reason}) and said so with a reset event: carry on from ${eventLabel(notice.cursor)}.`,
    );
  }

  #onEvent(event: WireEvent): void {
    const verdict = this.#check.observe(event.id);
    const replayed = this.#resume !== undefined;
    let note: string;
    if (replayed) {
      this.#resume!.ids.push(event.id);
      this.#replayed += 1;
      note = 'replayed';
    } else {
      this.#live += 1;
      const latency = this.clock ? latencySince(event.ts, this.clock.offsetMs) : undefined;
      if (latency !== undefined) this.#latencies.push(latency);
      if (this.#latencies.length > 500) this.#latencies.shift();
      note = formatLatency(latency, clockUncertainty(this.clock));
      this.#arrived.set(event.id, { latency, at: performance.now() });
      if (this.#arrived.size > 50) this.#arrived.delete(this.#arrived.keys().next().value!);
      const sentAt = this.#awaiting.get(event.id);
      if (sentAt !== undefined) this.#reportArrival(event.id, sentAt);
    }
    if (verdict.kind === 'gap') note += ` — ${verdict.missed} missed!`;
    if (verdict.kind === 'repeat') note += ' — repeated!';
    this.#addEventLine(`${describeEvent(event)}`, `${eventLabel(event.id)} · ${note}`, verdict.kind === 'gap' || verdict.kind === 'repeat');
    this.#renderCounters();
  }

  #openTap(connection: string): void {
    this.#closeTap();
    this.#bytesBefore += this.#bytesCurrent;
    this.#bytesCurrent = 0;
    this.appendCappedText(this.#wire, '\n── stream opened ──\n', SHOWN_WIRE_CHARS);
    const tap = new EventSource(`${PATHS.sseWire}?connection=${connection}`);
    this.#tap = tap;
    tap.addEventListener('message', (message) => {
      const chunk = JSON.parse(message.data) as { text: string; bytesSent: number };
      this.#bytesCurrent = chunk.bytesSent;
      this.appendCappedText(this.#wire, chunk.text, SHOWN_WIRE_CHARS);
      this.#renderCounters();
    });
    tap.addEventListener('end', () => {
      this.appendCappedText(this.#wire, '── the server ended this stream ──\n', SHOWN_WIRE_CHARS);
      this.#closeTap();
    });
  }

  #closeTap(): void {
    this.#tap?.close();
    this.#tap = undefined;
  }

  async #dropConnection(): Promise<void> {
    if (!this.#connection) return;
    disableKeepingFocus(this.#drop, this.#connect);
    this.#droppedAt = performance.now();
    const response = await fetch(PATHS.sseDrop, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ connection: this.#connection }),
    });
    this.report(
      response.status === 204
        ? 'The server ended the stream. Watch the browser reconnect on its own…'
        : `The drop failed: ${((await response.json()) as { error: string }).error}`,
    );
  }

  /**
   * Publishes a notification and watches it arrive: if the stream is closed or on another topic, it
   * first switches to "notifications" and waits for the stream's hello, so the event is not missed.
   */
  async #sendNotification(): Promise<void> {
    const input = this.#notify.querySelector('input')!;
    let switched = false;
    if (!this.#client || this.#topic.value !== 'notifications') {
      switched = true;
      this.#topic.value = 'notifications';
      this.disconnect();
      this.connect();
      this.report('Switching the stream to “notifications”, where your notification will go…');
      await Promise.race([this.#subscribed.promise, new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS))]);
    }
    const sentAt = performance.now();
    const published = this.#requests.sent('POST /api/publish');
    const response = await fetch(PATHS.publish, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ topic: 'notifications', text: input.value }),
    }).catch((error: unknown) => {
      published('error', 'failed');
      throw error;
    });
    published(response.ok ? 'data' : 'error', `${response.status} · ${response.ok ? 'published' : 'refused'}`);
    const body = (await response.json()) as WireEvent | { error: string };
    if ('error' in body) {
      this.report(`Not sent: ${body.error}`);
      return;
    }
    // The event can come over the stream before the POST's own response does.
    if (this.#arrived.has(body.id)) return this.#reportArrival(body.id, sentAt);
    this.#awaiting.set(body.id, sentAt);
    this.report(`${switched ? 'Now streaming “notifications”. ' : ''}Published as ${eventLabel(body.id)}; waiting for it on the stream…`);
  }

  #reportArrival(id: string, sentAt: number): void {
    this.#awaiting.delete(id);
    const arrival = this.#arrived.get(id)!;
    this.report(
      `Your notification (${eventLabel(id)}) ${describeLatency(arrival.latency, clockUncertainty(this.clock))} (${Math.round(arrival.at - sentAt)} ms after you pressed send).`,
    );
  }

  #addEventLine(text: string, meta: string, alarming: boolean): void {
    const item = this.logLine(text, meta);
    if (alarming) item.className = 'is-alarm';
    this.prependCapped(this.#events, item, SHOWN_EVENTS);
  }

  #renderCounters(): void {
    const bytes = this.#bytesBefore + this.#bytesCurrent;
    const delivered = this.#live + this.#replayed;
    this.count('live', String(this.#live));
    this.count('replayed', String(this.#replayed));
    this.count('integrity', `${this.#check.missed} / ${this.#check.repeated}`);
    const last = this.#latencies.at(-1);
    const shown = (ms: number | undefined): string => formatLatency(ms, clockUncertainty(this.clock));
    this.count('latency', `${shown(last)} · ${shown(percentile(this.#latencies, 0.5))} · ${shown(percentile(this.#latencies, 0.95))}`);
    this.count('bytes', formatBytes(bytes));
    this.count('per-event', delivered ? formatBytes(Math.round(bytes / delivered)) : '–');
  }

  #resetCounters(): void {
    this.#check = new SequenceCheck();
    this.#latencies = [];
    this.#live = this.#replayed = this.#reconnects = this.#bytesBefore = this.#bytesCurrent = 0;
    this.#resume = undefined;
    this.#events.replaceChildren();
    this.#wire.textContent = '';
    this.count('reconnects', '0');
    this.#renderCounters();
  }
}

customElements.define('sse-demo', SseDemo);
