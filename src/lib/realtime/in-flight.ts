/** Work started on behalf of clients (publishes) that shutdown waits for before the process exits. */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  /** Keeps `work` until it settles; a failure is logged, never thrown at the caller. */
  track(work: Promise<unknown>): void {
    const kept = work.catch((error: unknown) => console.error('in-flight work failed', error)).finally(() => this.#pending.delete(kept));
    this.#pending.add(kept);
  }

  /** Resolves once everything tracked so far, and anything it started, has settled. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  get size(): number {
    return this.#pending.size;
  }
}
