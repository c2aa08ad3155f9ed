import { PATHS } from '../../lib/realtime/protocol.ts';
import { PollClient, type PollClientOptions } from './poll-loop.ts';

/** Short polling: GET /api/poll from the cursor every `intervalMs` (default 2000), counted from each request's start. */
export class ShortPollClient extends PollClient {
  /** The interval; a function lets a page's slider change it while running. */
  readonly #intervalMs: () => number;
  constructor(options: PollClientOptions & { intervalMs?: number | (() => number) }) {
    super(options);
    const intervalMs = options.intervalMs ?? 2000;
    this.#intervalMs = typeof intervalMs === 'function' ? intervalMs : () => intervalMs;
  }

  /** Reads the interval again now: the wait under way ends at the new interval after the last request's start. */
  intervalChanged(): void {
    this.rewait();
  }

  protected pauseMs(startedAt: number): number {
    // From one request's start to the next, so a slow reply does not stretch the interval.
    return startedAt + this.#intervalMs() - Date.now();
  }
  protected next(): { path: string } {
    return { path: PATHS.poll };
  }
}
