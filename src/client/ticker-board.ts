import type { RealtimeEvent } from '../lib/realtime/event.ts';
import type { PriceUpdate } from '../lib/realtime/feeds/ticker.ts';
import { latencySince } from './clock.ts';
import { clockUncertainty, formatLatency } from './latency-format.ts';
import { autoStartWhenVisible } from './start-when-visible.ts';
import { LiveWidget } from './live-widget.ts';
import { SseClient } from './transport/sse.ts';

/** `<ticker-board>`: one EventSource on the ticker; one table row per symbol, updated in place. */
class TickerBoard extends LiveWidget {
  #connect = this.el<HTMLButtonElement>('[data-connect]');
  #rows = this.el<HTMLElement>('[data-rows]');
  #client: SseClient | undefined;
  #updates = new Map<string, number>();
  #total = 0;
  #cancelAutoStart: (() => void) | undefined;

  connectedCallback(): void {
    this.classList.add('is-live');
    this.#connect.disabled = false;
    this.#connect.addEventListener('click', () => (this.#client ? this.#disconnect() : void this.#open()));
    window.addEventListener('pagehide', () => this.#disconnect());
    // A price board only listens: it starts by itself when it scrolls into view.
    this.#cancelAutoStart = autoStartWhenVisible(this, () => {
      if (!this.#client) void this.#open();
    });
  }

  disconnectedCallback(): void {
    this.#cancelAutoStart?.();
    this.#disconnect();
  }

  async #open(): Promise<void> {
    this.#connect.textContent = 'Disconnect';
    const client = new SseClient({
      topic: 'ticker',
      onConnection: (change) => this.setState(change.kind === 'open' ? 'open' : change.retrying ? 'reconnecting' : 'closed'),
      onEvent: (event) => {
        const clock = this.clock;
        this.#show(
          event as RealtimeEvent<PriceUpdate>,
          clock ? latencySince(event.ts, clock.offsetMs) : undefined,
          clockUncertainty(clock),
        );
      },
    });
    this.#client = client;
    // Delays are shown only once the clock offset is known (or its measurement failed).
    await this.clockReady();
    if (this.#client === client) client.start();
  }

  #disconnect(): void {
    this.#client?.stop();
    this.#client = undefined;
    this.#connect.textContent = 'Connect';
    this.setState('not connected');
  }

  #show(event: RealtimeEvent<PriceUpdate>, delayMs: number | undefined, uncertaintyMs: number | undefined): void {
    const { symbol, price, change } = event.data;
    this.#total += 1;
    this.#updates.set(symbol, (this.#updates.get(symbol) ?? 0) + 1);
    let row = this.#rows.querySelector<HTMLTableRowElement>(`tr[data-symbol="${CSS.escape(symbol)}"]`);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.symbol = symbol;
      const head = document.createElement('th');
      head.scope = 'row';
      head.textContent = symbol;
      row.append(head, ...Array.from({ length: 4 }, () => document.createElement('td')));
      this.#rows.append(row);
    }
    const cells = row.querySelectorAll('td');
    cells[0]!.textContent = price.toFixed(2);
    cells[1]!.textContent = `${change >= 0 ? '+' : ''}${change.toFixed(2)}`;
    // A no-break space keeps "(± 3)" whole when a phone's narrow column wraps it under "≈ 0 ms".
    cells[2]!.textContent = formatLatency(delayMs, uncertaintyMs).replace('± ', '±\u00a0');
    cells[3]!.textContent = String(this.#updates.get(symbol));
    this.report(`${this.#total} updates on one connection`);
  }
}

customElements.define('ticker-board', TickerBoard);
