import { PATHS } from '../../lib/realtime/protocol.ts';
import { PollClient, type PollClientOptions } from './poll-loop.ts';

/** Short polling: GET /api/poll from the cursor every `intervalMs`. */
export class ShortPollClient extends PollClient {
  readonly #intervalMs: number;
  constructor(options: PollClientOptions & { intervalMs?: number }) {
    super(options);
    this.#intervalMs = options.intervalMs ?? 2000;
  }
  protected pauseMs(): number {
    return this.#intervalMs;
  }
  protected next(): { path: string } {
    return { path: PATHS.poll };
  }
}
