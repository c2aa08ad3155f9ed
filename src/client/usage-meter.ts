import { PATHS } from '../lib/realtime/protocol.ts';

/** A session's bytes as the server measured them on its sockets (GET /api/usage). */
export interface MeasuredUsage {
  requests: number;
  /** Bytes the server read: request lines, headers, bodies. */
  received: number;
  /** Bytes the server wrote: status lines, headers, bodies. */
  sent: number;
  /** Requests still open (a held long poll); their bytes so far are included. */
  open: number;
}

/** A new id for one widget run; the server attributes the bytes of requests carrying it. */
export function newSessionId(): string {
  return crypto.randomUUID();
}

/**
 * Reads /api/usage for one session every `periodMs` while started, and once more on demand, so a
 * widget can show what its own requests cost on the wire. These reads are not metered themselves.
 */
export class UsageMeter {
  readonly session: string;
  readonly #onUpdate: (usage: MeasuredUsage) => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #latest = 0;

  constructor(session: string, onUpdate: (usage: MeasuredUsage) => void) {
    this.session = session;
    this.#onUpdate = onUpdate;
  }

  /** Refreshes every `periodMs` until stop(). Default 1000. */
  start(periodMs = 1000): void {
    this.stop();
    this.#timer = setInterval(() => void this.refresh(), periodMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Fetches the numbers now; an answer older than one already shown is dropped. */
  async refresh(): Promise<void> {
    const asked = ++this.#latest;
    try {
      const response = await fetch(`${PATHS.usage}?session=${encodeURIComponent(this.session)}`, { cache: 'no-store' });
      if (!response.ok) return;
      const usage = (await response.json()) as MeasuredUsage;
      if (asked === this.#latest) this.#onUpdate(usage);
    } catch {
      // The next refresh tries again; a missed reading only delays the counters.
    }
  }
}
