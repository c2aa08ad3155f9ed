import { expectedShortPollLatency, formatDuration, formatShare } from './poll-metrics.ts';
import { PATHS } from '../lib/realtime/protocol.ts';
import { PollDemo, type PollReply } from './poll-demo.ts';
import { eventLabel } from './event-label.ts';

/**
 * `<short-poll-demo>`: asks /api/poll "anything new since my cursor?" every interval, whether or
 * not anything happened, and shows what that costs: empty replies, latency that follows the
 * interval, and the bytes the server measured per delivered event.
 */
class ShortPollDemo extends PollDemo {
  #slider = this.el<HTMLInputElement>('[data-interval]');
  #sliderValue = this.el<HTMLElement>('[data-interval-value]');
  /** Wakes the loop's wait when the interval changes, so the new one applies to the next request. */
  #wake: (() => void) | undefined;

  get intervalMs(): number {
    return Number(this.#slider.value) * 1000;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#showInterval();
    this.#slider.addEventListener('input', () => {
      this.#showInterval();
      this.metrics.clearLatencies();
      this.#wake?.();
      if (this.running) this.setState(this.runningState());
      this.renderCounters();
    });
  }

  protected async loop(signal: AbortSignal, topic: string): Promise<void> {
    let cursor: string | undefined;
    while (!signal.aborted) {
      const request = this.beginRequest(
        cursor ? `GET /api/poll since ${eventLabel(cursor)}` : 'GET /api/poll (no cursor yet: take the head)',
      );
      try {
        const response = await fetch(this.url(PATHS.poll, topic, { since: cursor }), { signal, cache: 'no-store' });
        const body = (await response.json()) as PollReply | { error: string };
        if ('error' in body) this.endRequest(request, 'error', undefined, `${response.status}: ${body.error}`);
        else {
          cursor = body.cursor;
          this.endRequest(request, body.events.length > 0 ? 'data' : 'empty', body);
        }
      } catch (error) {
        this.endRequest(request, signal.aborted ? 'aborted' : 'error', undefined, signal.aborted ? 'by Stop' : String(error));
      }
      // The interval runs from one request's start to the next; a change wakes the wait early.
      while (!signal.aborted && Date.now() < request.startedAt + this.intervalMs) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          void this.sleep(request.startedAt + this.intervalMs - Date.now(), signal).then(resolve);
        });
      }
    }
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
