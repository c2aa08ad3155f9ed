import { LIMITS, PATHS } from '../../lib/realtime/protocol.ts';
import { PollClient, type PollClientOptions } from './poll-loop.ts';

/** Long polling: GET /api/long-poll from the cursor, held by the server until an event or `timeoutS`. */
export class LongPollClient extends PollClient {
  /** The hold of the next request; a function lets a page's timeout control change it while running. */
  readonly #timeoutS: () => number;
  constructor(options: PollClientOptions & { timeoutS?: number | (() => number) }) {
    super(options);
    const timeoutS = options.timeoutS ?? LIMITS.defaultLongPollTimeoutS;
    this.#timeoutS = typeof timeoutS === 'function' ? timeoutS : () => timeoutS;
  }
  protected pauseMs(): number {
    return 0;
  }
  protected next(): { path: string; timeout: number } {
    return { path: PATHS.longPoll, timeout: this.#timeoutS() };
  }
}
