import { backoffDelay } from '../backoff.ts';
import { requestAnswer, type RequestTraffic } from '../diagram/widget-traffic.ts';
import { PATHS } from '../../lib/realtime/protocol.ts';
import { eventLabel } from '../event-label.ts';
import { BaseClient, parsePollReply, pollUrl, type RealtimeClientOptions } from './realtime-client.ts';
import type { PollOutcome } from '../poll-metrics.ts';
import type { PollReply } from '../../lib/realtime/protocol.ts';

/** A poll request as it leaves: its path, the cursor it asks from (none: the head) and its hold. */
export interface PollRequestStart {
  path: string;
  cursor: string | undefined;
  timeout: number | undefined;
}

/** How a poll request ended: the outcome, the reply when there was one, why it failed, whether reissue() dropped it. */
export interface PollRequestEnd {
  outcome: PollOutcome;
  reply?: PollReply;
  error?: string;
  reissued?: boolean;
}

/** Options of both polling clients. */
export interface PollClientOptions extends RealtimeClientOptions {
  fetch?: typeof fetch;
  /** When given, every request is reported here: the page's sequence diagram, or a test's counter. */
  traffic?: Pick<RequestTraffic, 'sent'>;
  /** Told of every request as it leaves; the function it returns is told how it ended (before its events are delivered). */
  onRequest?: (request: PollRequestStart) => (end: PollRequestEnd) => void;
}

/**
 * The loop both kinds of polling share: take the head cursor if none was given, then ask
 * `request` again and again from the cursor, backing off after failures, until stop().
 */
export abstract class PollClient extends BaseClient {
  #controller: AbortController | undefined;
  /** Aborts only the request in flight, so reissue() can ask again without stopping. */
  #inFlight: AbortController | undefined;
  /** Ends the wait before the next request early, so it is measured again (a new interval). */
  #pause: AbortController | undefined;
  #failures = 0;
  protected readonly fetcher: typeof fetch;
  readonly #traffic: Pick<RequestTraffic, 'sent'> | undefined;
  readonly #onRequest: PollClientOptions['onRequest'];
  constructor(options: PollClientOptions) {
    super(options);
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#traffic = options.traffic;
    this.#onRequest = options.onRequest;
  }

  start(cursor?: string): void {
    this.stop();
    this.setCursor(cursor);
    const controller = new AbortController();
    this.#controller = controller;
    this.setState('connecting', 'started');
    void this.#run(controller.signal);
  }

  stop(): void {
    if (!this.#controller) return;
    this.#controller.abort();
    this.#controller = undefined;
    this.setState('stopped', 'stopped by the page');
  }

  /**
   * Drops the request in flight and asks again at once from the same cursor, so a changed option
   * (the long poll's hold) applies now rather than when the server lets the held request go.
   */
  reissue(): void {
    this.#inFlight?.abort();
  }

  /** Ends the wait under way between two requests and measures it again, so a new pause applies at once. */
  protected rewait(): void {
    this.#pause?.abort();
  }

  /** How long from now to wait before the next request, given when the last one left (short polling's interval). */
  protected abstract pauseMs(startedAt: number): number;
  /** The path and hold (seconds) of the next request from `cursor`. */
  protected abstract next(cursor: string): { path: string; timeout?: number };

  async #run(signal: AbortSignal): Promise<void> {
    let first = true;
    while (!signal.aborted) {
      const cursor = this.cursor;
      // Without a cursor, take the head: a long poll "from now" would lose what comes between two requests.
      const { path, timeout } = cursor === undefined ? { path: PATHS.poll, timeout: undefined } : this.next(cursor);
      const sent = this.#traffic?.sent(`GET ${path}${cursor === undefined ? '' : ` since ${eventLabel(cursor)}`}`);
      const observed = this.#onRequest?.({ path, cursor, timeout });
      const end = (outcome: PollOutcome, answer: string, detail: Omit<PollRequestEnd, 'outcome'> = {}): void => {
        sent?.(outcome, answer);
        observed?.({ outcome, ...detail });
      };
      const inFlight = new AbortController();
      this.#inFlight = inFlight;
      const startedAt = Date.now();
      try {
        const url = pollUrl(this.origin, path, this.options.topic, { since: cursor, timeout, extra: this.options.params?.() });
        const response = await this.fetcher(url, { signal: AbortSignal.any([signal, inFlight.signal]), cache: 'no-store' });
        if (response.status === 204) {
          end('timeout', requestAnswer('timeout', 0));
        } else if (!response.ok) {
          throw new Error(`HTTP ${response.status}${await errorDetail(response)}`);
        } else {
          const reply = parsePollReply(await response.json());
          const outcome = reply.events.length ? 'data' : 'empty';
          end(outcome, requestAnswer(outcome, reply.events.length), { reply });
          if (signal.aborted) return;
          if (reply.reset) this.resetTo(reply.reset);
          for (const event of reply.events) this.deliver(event);
          // The reply's cursor is where the next request starts, whatever this one carried.
          this.setCursor(reply.cursor);
          if (first) this.caughtUp(reply.cursor);
          first = false;
        }
        this.#failures = 0;
        // Measured again after each rewait(): a pause changed during the wait applies to it.
        for (let pause = this.pauseMs(startedAt); pause > 0 && !signal.aborted; pause = this.pauseMs(startedAt)) {
          this.#pause = new AbortController();
          await sleep(pause, AbortSignal.any([signal, this.#pause.signal]));
        }
      } catch (error) {
        if (signal.aborted) {
          end('aborted', requestAnswer('aborted', 0));
          return;
        }
        if (inFlight.signal.aborted) {
          end('aborted', 'reissued', { reissued: true });
          continue;
        }
        end('error', String(error), { error: String(error) });
        this.#failures += 1;
        const delay = backoffDelay(this.#failures);
        this.setState('waiting', `${String(error)}; retrying in ${delay} ms`);
        await sleep(delay, signal);
        if (!signal.aborted) this.setState('connecting', 'retrying');
      }
    }
  }
}

/** The server's `{error}` text of a refused request, as ": text", or nothing. */
async function errorDetail(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? `: ${body.error}` : '';
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
