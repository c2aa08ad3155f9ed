import { expectedShortPollLatency, formatDuration, formatShare } from './poll-metrics.ts';
import { PollDemo } from './poll-demo.ts';
import { eventLabel } from './event-label.ts';
import { ShortPollClient } from './transport/short-poll.ts';
import type { PollRequestEnd, PollRequestStart } from './transport/poll-loop.ts';

/**
 * `<short-poll-demo>`: asks /api/poll "anything new since my cursor?" every interval, whether or
 * not anything happened, and shows what that costs: empty replies, latency that follows the
 * interval, and the bytes the server measured per delivered event.
 */
class ShortPollDemo extends PollDemo {
  #slider = this.el<HTMLInputElement>('[data-interval]');
  #sliderValue = this.el<HTMLElement>('[data-interval-value]');
  /** The running client; a new interval applies to the wait it is in at once. */
  #client: ShortPollClient | undefined;

  get intervalMs(): number {
    return Number(this.#slider.value) * 1000;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#showInterval();
    this.#slider.addEventListener('input', () => {
      this.#showInterval();
      this.metrics.clearLatencies();
      this.#client?.intervalChanged();
      if (this.running) this.setState(this.runningState());
      this.renderCounters();
    });
  }

  protected createClient(topic: string, signal: AbortSignal): ShortPollClient {
    // The layer asks from the cursor of each reply; the interval is read as each wait is measured.
    this.#client = new ShortPollClient({
      ...this.clientOptions(topic),
      intervalMs: () => this.intervalMs,
      onRequest: (sent) => this.#observe(sent, signal),
    });
    return this.#client;
  }

  /** Logs one request of the layer's loop, and returns what to do with its end. */
  #observe(sent: PollRequestStart, signal: AbortSignal): (end: PollRequestEnd) => void {
    const request = this.beginRequest(
      sent.cursor === undefined ? 'GET /api/poll (no cursor yet: take the head)' : `GET /api/poll since ${eventLabel(sent.cursor)}`,
    );
    return ({ outcome, reply, error }) => {
      if (signal.aborted) this.endRequest(request, 'aborted', undefined, 'by Stop');
      else this.endRequest(request, outcome, reply, error);
    };
  }

  protected renderOwnCounters(): void {
    this.count('empty', `${this.metrics.empty} (${formatShare(this.metrics.emptyShare())})`);
    const expected = expectedShortPollLatency(this.intervalMs);
    this.count('expected', `${formatDuration(expected.average)} · ${formatDuration(expected.worst)}`);
  }

  protected arrivalNote(latency: number | undefined): string {
    const interval = formatDuration(this.intervalMs);
    return latency === undefined
      ? ''
      : `With a ${interval} interval an event waits on average half of it and at most all of it (plus the round trip).`;
  }

  protected runningState(): string {
    return `polling every ${formatDuration(this.intervalMs)}`;
  }

  #showInterval(): void {
    const text = formatDuration(this.intervalMs);
    this.#sliderValue.textContent = text;
    this.#slider.setAttribute('aria-valuetext', text);
  }
}

customElements.define('short-poll-demo', ShortPollDemo);
