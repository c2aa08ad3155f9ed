import { SequenceCheck } from './sequence-check.ts';
import { LongPollClient } from './transport/long-poll.ts';
import { SseClient } from './transport/sse.ts';
import { WebSocketClient } from './transport/websocket.ts';
import { LiveWidget } from './live-widget.ts';

type Row = { label: string; instance: string; events: number; check: SequenceCheck; moves: number };
type InstanceReport = { id: string; sseStreams: number; webSockets: number; longPolls: number };
type ClusterView = { instance: string; clustered: boolean; demo: boolean; instances: InstanceReport[] };

/** One connection per transport on the ticker, each showing the instance that serves it; and every instance's counts. */
class ClusterViewElement extends LiveWidget {
  #rows: Record<'sse' | 'ws' | 'poll', Row> = {
    sse: { label: 'Event stream (SSE)', instance: '—', events: 0, check: new SequenceCheck(), moves: 0 },
    ws: { label: 'WebSocket', instance: '—', events: 0, check: new SequenceCheck(), moves: 0 },
    poll: { label: 'Long poll', instance: '—', events: 0, check: new SequenceCheck(), moves: 0 },
  };
  #stop = new AbortController();
  #sse: SseClient | undefined;
  #socket: WebSocketClient | undefined;
  #poll: LongPollClient | undefined;

  connectedCallback(): void {
    this.classList.add('is-live');
    const button = this.el<HTMLButtonElement>('[data-connect]');
    button.disabled = false;
    button.addEventListener('click', () => {
      button.disabled = true;
      this.#start();
    });
    this.#renderRows();
    void this.#refreshInstances();
    const timer = setInterval(() => void this.#refreshInstances(), 2000);
    this.#stop.signal.addEventListener('abort', () => clearInterval(timer));
  }

  disconnectedCallback(): void {
    this.#stop.abort();
    this.#sse?.stop();
    this.#socket?.stop();
    this.#poll?.stop();
  }

  #start(): void {
    this.setState('connected');
    this.#openSse();
    this.#openWebSocket();
    this.#openLongPoll();
  }

  #served(key: 'sse' | 'ws' | 'poll', instance: string): void {
    const row = this.#rows[key];
    if (row.instance !== '—' && row.instance !== instance) {
      row.moves += 1;
      this.#announce(`${row.label} moved to ${instance}`);
    }
    row.instance = instance;
    this.#renderRows();
  }

  #received(key: 'sse' | 'ws' | 'poll', id: string): void {
    const row = this.#rows[key];
    row.check.observe(id);
    row.events += 1;
    this.#renderRows();
  }

  #openSse(): void {
    // EventSource reconnects by itself, sending Last-Event-ID: any instance resumes from it.
    this.#sse = new SseClient({
      topic: 'ticker',
      onHello: (hello) => this.#served('sse', hello.instance),
      onEvent: (event) => this.#received('sse', event.id),
    });
    this.#sse.start();
  }

  #openWebSocket(): void {
    // 1001 (the instance is draining) or a cut: the layer's socket reconnects through the proxy and resumes from the last id.
    this.#socket = new WebSocketClient({
      topic: 'ticker',
      onHello: (hello) => this.#served('ws', hello.instance),
      onEvent: (event) => this.#received('ws', event.id),
    });
    this.#socket.start();
  }

  #openLongPoll(): void {
    // The transport layer's loop, with a fetch that also notes which instance answered (X-Instance).
    const fetchNotingInstance: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const instance = response.headers.get('x-instance');
      if (instance) this.#served('poll', instance);
      return response;
    };
    this.#poll = new LongPollClient({
      topic: 'ticker',
      timeoutS: 25,
      fetch: fetchNotingInstance,
      onEvent: (event) => this.#received('poll', event.id),
    });
    this.#poll.start();
  }

  async #refreshInstances(): Promise<void> {
    const response = await fetch('/api/cluster').catch(() => undefined);
    if (!response?.ok) return;
    const view = (await response.json()) as ClusterView;
    this.el('[data-mode]').textContent = view.clustered
      ? `${view.instances.length} instances share one Redis; this list came from ${view.instance}.`
      : `One process, no cluster: everything is served by ${view.instance}. Run npm run cluster to see several.`;
    const body = this.el('[data-instances]');
    body.replaceChildren(
      ...view.instances.map((report) => {
        const row = document.createElement('tr');
        row.append(...cellsUnder(body, [report.id, report.sseStreams, report.webSockets, report.longPolls]));
        const action = document.createElement('td');
        if (view.demo) {
          const drain = document.createElement('button');
          drain.type = 'button';
          drain.textContent = `Drain ${report.id}`;
          drain.addEventListener('click', () => void this.#drain(report.id));
          action.append(drain);
        } else {
          action.textContent = 'local clusters only';
          action.dataset.label = columnNames(body).at(-1)!;
        }
        row.append(action);
        return row;
      }),
    );
  }

  async #drain(instance: string): Promise<void> {
    const response = await fetch('/api/cluster/drain', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instance }),
    });
    this.#announce(response.ok ? `${instance} is draining; it restarts when it has exited` : `could not drain ${instance}`);
  }

  #announce(text: string): void {
    this.el('[data-announce]').textContent = text;
  }

  #renderRows(): void {
    const body = this.el('[data-connections]');
    body.replaceChildren(
      ...Object.values(this.#rows).map((row) => {
        const tr = document.createElement('tr');
        tr.append(...cellsUnder(body, [row.label, row.instance, row.events, row.check.missed, row.check.repeated, row.moves]));
        return tr;
      }),
    );
  }
}

customElements.define('cluster-view', ClusterViewElement);

/** The column headers of the table that holds `body`. */
function columnNames(body: Element): string[] {
  return [...body.closest('table')!.querySelectorAll('thead th')].map((header) => header.textContent!.trim());
}

/**
 * One row's cells: every cell but the first (the row's name) carries its column's header as
 * data-label, which a phone shows beside the value when the table's rows become cards.
 */
function cellsUnder(body: Element, values: Array<string | number>): HTMLTableCellElement[] {
  const names = columnNames(body);
  return values.map((value, column) => {
    const cell = document.createElement('td');
    cell.textContent = String(value);
    if (column > 0) cell.dataset.label = names[column]!;
    return cell;
  });
}
