import { LIMITS, PATHS } from '../../lib/realtime/protocol.ts';
import { PollClient, type PollClientOptions } from './poll-loop.ts';

/** Long polling: GET /api/long-poll from the cursor, held by the server until an event or `timeoutS`. */
export class LongPollClient extends PollClient {
  readonly #timeoutS: number;
  constructor(options: PollClientOptions & { timeoutS?: number }) {
    super(options);
    this.#timeoutS = options.timeoutS ?? LIMITS.defaultLongPollTimeoutS;
  }
  protected pauseMs(): number {
    return 0;
  }
  protected next(): { path: string; timeout: number } {
    return { path: PATHS.longPoll, timeout: this.#timeoutS };
  }
}
