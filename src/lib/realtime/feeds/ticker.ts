import { formatCursor, parseCursor } from '../cursor.ts';
import type { Hub } from '../hub.ts';

/** One price update on the ticker topic. */
export interface PriceUpdate {
  symbol: string;
  price: number;
  /** Change since the previous update of this symbol, rounded to cents. */
  change: number;
}

/** Options for the ticker feed. */
export interface TickerOptions {
  /** Symbols and their starting prices. Default: four made-up symbols. */
  prices?: Record<string, number>;
  /** Source of randomness in [0, 1); tests pass a seeded one. Default Math.random. */
  random?: () => number;
}

const DEFAULT_PRICES: Record<string, number> = { ACME: 120, GLOBX: 48.5, INITech: 12.25, UMBR: 310 };

/**
 * A random-walk stock ticker. `tick()` publishes one update for one symbol; the runtime calls it
 * on a timer, tests call it directly so they never wait on real time.
 */
export class TickerFeed {
  readonly topic = 'ticker';
  readonly #hub: Hub;
  readonly #random: () => number;
  readonly #prices: Map<string, number>;

  constructor(hub: Hub, options: TickerOptions = {}) {
    this.#hub = hub;
    this.#random = options.random ?? Math.random;
    this.#prices = new Map(Object.entries(options.prices ?? DEFAULT_PRICES));
  }

  /**
   * Takes the prices from the latest updates in the log (at most the last 50), so an instance that
   * takes over the ticker from another continues its walk instead of jumping back to its own prices.
   */
  async resume(): Promise<void> {
    const head = parseCursor(await this.#hub.head(this.topic));
    if (!head || head.seq === 0) return;
    const from = formatCursor({ epoch: head.epoch, seq: Math.max(0, head.seq - 50) });
    const { events } = await this.#hub.read(this.topic, from);
    for (const event of events) {
      const update = event.data as Partial<PriceUpdate>;
      if (typeof update.symbol === 'string' && this.#prices.has(update.symbol) && typeof update.price === 'number') {
        this.#prices.set(update.symbol, update.price);
      }
    }
  }

  /** Moves one symbol's price by up to ±1 % and publishes it. */
  tick(): Promise<unknown> {
    const symbols = [...this.#prices.keys()];
    const symbol = symbols[Math.floor(this.#random() * symbols.length)] ?? symbols[0]!;
    const previous = this.#prices.get(symbol)!;
    const price = roundCents(Math.max(0.01, previous * (1 + (this.#random() - 0.5) * 0.02)));
    this.#prices.set(symbol, price);
    const update: PriceUpdate = { symbol, price, change: roundCents(price - previous) };
    return this.#hub.publish(this.topic, 'price', update);
  }
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}
