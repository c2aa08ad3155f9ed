/** The answer to "may this client open one more connection?": a slot to give back, or which cap said no. */
export type Admission = { ok: true; release: () => void } | { ok: false; limit: 'address' | 'server' };

/**
 * Counts open long-lived connections per key (a client address) and over the whole process, and
 * refuses one past either cap: the per-key cap keeps one client from taking everything, the
 * process-wide cap keeps the sum of all clients under the file descriptors the process has.
 */
export class ConnectionCounter {
  readonly #perKey: number;
  readonly #total: number;
  readonly #open = new Map<string, number>();
  #sum = 0;

  /** `perKey`: connections one key may hold; `total`: connections over all keys (default: no process-wide cap). */
  constructor(perKey: number, total = Number.POSITIVE_INFINITY) {
    this.#perKey = perKey;
    this.#total = total;
  }

  /** Takes a slot for `key`; its `release` gives it back (safe to call twice). */
  acquire(key: string): Admission {
    const count = this.#open.get(key) ?? 0;
    if (count >= this.#perKey) return { ok: false, limit: 'address' };
    if (this.#sum >= this.#total) return { ok: false, limit: 'server' };
    this.#open.set(key, count + 1);
    this.#sum += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.#sum -= 1;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left === 0) this.#open.delete(key);
      else this.#open.set(key, left);
    };
    return { ok: true, release };
  }

  /** Open connections over all keys. */
  total(): number {
    return this.#sum;
  }

  /** Keys holding at least one connection (each costs one map entry; gone when its last slot is released). */
  get keys(): number {
    return this.#open.size;
  }
}

/** How a refused connection is answered: 429 when the client is over its own cap, 503 when the server is full. */
export interface Refusal {
  status: 429 | 503;
  error: string;
  /** Seconds after which trying again makes sense. */
  retryAfter: number;
}

/**
 * The answer to a refused admission; `what` names the connections ("open streams"), `perAddress`
 * the client's cap, `addressRetryAfter` how soon one of its own is likely to free (default 5 s).
 */
export function refusalFor(limit: 'address' | 'server', what: string, perAddress: number, addressRetryAfter = 5): Refusal {
  if (limit === 'address') {
    return {
      status: 429,
      error: `too many ${what} from this address (at most ${perAddress}); close one first`,
      retryAfter: addressRetryAfter,
    };
  }
  return { status: 503, error: `this server holds as many ${what} as it can; try again shortly`, retryAfter: 10 };
}
