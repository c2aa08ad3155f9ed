/** Counts open long-lived connections per key (an IP) and refuses one past the cap. */
export class ConnectionCounter {
  readonly #cap: number;
  readonly #open = new Map<string, number>();

  constructor(cap: number) {
    this.#cap = cap;
  }

  /** Takes a slot for `key`; returns the function that gives it back (safe to call twice), or undefined past the cap. */
  acquire(key: string): (() => void) | undefined {
    const count = this.#open.get(key) ?? 0;
    if (count >= this.#cap) return undefined;
    this.#open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left === 0) this.#open.delete(key);
      else this.#open.set(key, left);
    };
  }

  /** Open connections over all keys. */
  total(): number {
    let sum = 0;
    for (const count of this.#open.values()) sum += count;
    return sum;
  }
}
