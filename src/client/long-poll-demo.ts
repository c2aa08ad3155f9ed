import { formatDuration, formatShare } from './poll-metrics.ts';
import { PATHS } from '../lib/realtime/protocol.ts';
import { PollDemo, type PollReply } from './poll-demo.ts';
import { eventLabel } from './event-label.ts';

/** How long to wait before asking again after an error (a 429, a network failure). */
const RETRY_AFTER_ERROR_MS = 1000;

/**
 * `<long-poll-demo>`: asks /api/long-poll and lets the server hold the request until an event
 * exists or the timeout passes, then asks again at once. Each held request is drawn with how long
 * it was held and why it ended.
 */
class LongPollDemo extends PollDemo {
  #timeoutSelect = this.el<HTMLSelectElement>('[data-timeout]');
  /** How long each long poll was held, in ms (the starting head request is not one). */
  #holds: number[] = [];
  /** Aborts the request the server holds now, so a new timeout applies at once, not after it ends. */
  #held: AbortController | undefined;

  connectedCallback(): void {
    super.connectedCallback();
    this.#timeoutSelect.addEventListener('change', () => this.#held?.abort());
  }

  protected async loop(signal: AbortSignal, topic: string): Promise<void> {
    this.#holds = [];
    // A long poll without a cursor waits for "whatever comes next", so an event published between
    // two such requests would be lost. Taking the head first gives every long poll a cursor.
    let cursor: string | undefined;
    while (!signal.aborted && cursor === undefined) {
      const request = this.beginRequest('GET /api/poll (start: take the head cursor)');
      try {
        const response = await fetch(this.url(PATHS.poll, topic), { signal, cache: 'no-store' });
        const body = (await response.json()) as PollReply;
        cursor = body.cursor;
        this.endRequest(request, 'empty', body, 'cursor taken');
      } catch (error) {
        this.endRequest(request, signal.aborted ? 'aborted' : 'error', undefined, signal.aborted ? 'by Stop' : String(error));
        await this.sleep(RETRY_AFTER_ERROR_MS, signal);
      }
    }
    while (!signal.aborted) {
      const timeout = this.#timeoutSelect.value;
      const request = this.beginRequest(`GET /api/long-poll since ${eventLabel(cursor!)} (held up to ${timeout} s)`);
      this.setState(`request #${request.n} held by the server…`);
      const held = new AbortController();
      this.#held = held;
      try {
        const response = await fetch(this.url(PATHS.longPoll, topic, { since: cursor, timeout }), {
          signal: AbortSignal.any([signal, held.signal]),
          cache: 'no-store',
        });
        if (response.status === 204) {
          this.#holds.push(Date.now() - request.startedAt);
          this.endRequest(request, 'timeout', undefined, '204, asking again');
          continue;
        }
        const body = (await response.json()) as PollReply | { error: string };
        if ('error' in body) {
          this.endRequest(request, 'error', undefined, `${response.status}: ${body.error}`);
          await this.sleep(RETRY_AFTER_ERROR_MS, signal);
          continue;
        }
        cursor = body.cursor;
        this.#holds.push(Date.now() - request.startedAt);
        this.endRequest(request, body.events.length > 0 ? 'data' : 'empty', body);
      } catch (error) {
        if (held.signal.aborted && !signal.aborted) {
          // The reader changed the timeout: ask again at once with the new one, from the same cursor.
          this.endRequest(request, 'aborted', undefined, `timeout changed to ${this.#timeoutSelect.value} s, asking again`);
          continue;
        }
        this.endRequest(
          request,
          signal.aborted ? 'aborted' : 'error',
          undefined,
          signal.aborted ? 'by Stop; the server let it go' : String(error),
        );
        if (!signal.aborted) await this.sleep(RETRY_AFTER_ERROR_MS, signal);
      } finally {
        this.#held = undefined;
      }
    }
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
