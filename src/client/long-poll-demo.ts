import { formatDuration, formatShare } from './poll-metrics.ts';
import { PollDemo } from './poll-demo.ts';
import { eventLabel } from './event-label.ts';
import { LongPollClient } from './transport/long-poll.ts';
import type { PollRequestEnd, PollRequestStart } from './transport/poll-loop.ts';

/**
 * `<long-poll-demo>`: asks /api/long-poll and lets the server hold the request until an event
 * exists or the timeout passes, then asks again at once. Each held request is drawn with how long
 * it was held and why it ended.
 */
class LongPollDemo extends PollDemo {
  #timeoutSelect = this.el<HTMLSelectElement>('[data-timeout]');
  /** How long each long poll was held, in ms (the starting head request is not one). */
  #holds: number[] = [];
  /** The running loop; a new timeout makes it drop the held request and ask again at once. */
  #client: LongPollClient | undefined;

  connectedCallback(): void {
    super.connectedCallback();
    this.#timeoutSelect.addEventListener('change', () => this.#client?.reissue());
  }

  protected createClient(topic: string, signal: AbortSignal): LongPollClient {
    this.#holds = [];
    // The layer takes the head cursor first (a long poll "from now" would lose what comes between
    // two requests), then holds one request at a time; this widget draws each as it leaves and ends.
    this.#client = new LongPollClient({
      ...this.clientOptions(topic),
      timeoutS: () => Number(this.#timeoutSelect.value),
      onRequest: (sent) => this.#observe(sent, signal),
    });
    return this.#client;
  }

  /** Logs one request of the layer's loop, and returns what to do with its end. */
  #observe(sent: PollRequestStart, signal: AbortSignal): (end: PollRequestEnd) => void {
    if (sent.cursor === undefined) {
      const request = this.beginRequest('GET /api/poll (start: take the head cursor)');
      return ({ outcome, reply, error }) =>
        this.endRequest(request, signal.aborted ? 'aborted' : outcome, reply, signal.aborted ? 'by Stop' : (error ?? 'cursor taken'));
    }
    const request = this.beginRequest(`GET /api/long-poll since ${eventLabel(sent.cursor)} (held up to ${sent.timeout} s)`);
    this.setState(`request #${request.n} held by the server…`);
    return ({ outcome, reply, error, reissued }) => {
      if (reissued) {
        this.endRequest(request, 'aborted', undefined, `timeout changed to ${this.#timeoutSelect.value} s, asking again`);
      } else if (outcome === 'aborted') {
        this.endRequest(request, 'aborted', undefined, 'by Stop; the server let it go');
      } else if (outcome === 'error') {
        this.endRequest(request, 'error', undefined, error);
      } else {
        this.#holds.push(Date.now() - request.startedAt);
        this.endRequest(request, outcome, reply, outcome === 'timeout' ? '204, asking again' : '');
      }
    };
  }

  protected renderOwnCounters(): void {
    // Timeouts are long polling's empty replies; the share is of long polls, not the starting head request.
    const empty = this.#holds.length ? this.metrics.timeouts / this.#holds.length : undefined;
    this.count('outcomes', `${this.metrics.withData} · ${this.metrics.timeouts} (${formatShare(empty)} empty)`);
    const mean = this.#holds.length ? this.#holds.reduce((sum, hold) => sum + hold, 0) / this.#holds.length : undefined;
    this.count('hold', formatDuration(mean));
  }

  protected arrivalNote(): string {
    return 'A request was already waiting on the server, so the event went out the moment it existed.';
  }

  protected runningState(): string {
    return 'starting…';
  }
}

customElements.define('long-poll-demo', LongPollDemo);
