import { ConnectionTraffic } from '../diagram/widget-traffic.ts';
import { eventLabel } from '../event-label.ts';
import { PATHS, type WireEvent, type WireReset } from '../../lib/realtime/protocol.ts';
import { BaseClient, type StreamClientOptions } from './realtime-client.ts';

/** The part of EventSource this client uses (the browser's, or the `eventsource` package's in Node). */
export type EventSourceConstructor = new (url: string) => {
  addEventListener(type: string, listener: (message: MessageEvent) => void): void;
  close(): void;
  readonly readyState: number;
};

/** EventSource's readyState once it has given up: it will not reconnect (an HTTP error, a wrong content type). */
const EVENT_SOURCE_CLOSED = 2;

/** Server-Sent Events: one GET /api/sse stream; the browser's EventSource reconnects with Last-Event-ID. */
export class SseClient extends BaseClient {
  readonly #EventSource: EventSourceConstructor;
  readonly #traffic: ConnectionTraffic | undefined;
  readonly #onConnection: StreamClientOptions['onConnection'];
  #source: InstanceType<EventSourceConstructor> | undefined;
  constructor(options: StreamClientOptions & { EventSource?: EventSourceConstructor; traffic?: ConnectionTraffic }) {
    super(options);
    this.#EventSource = options.EventSource ?? (globalThis.EventSource as unknown as EventSourceConstructor);
    this.#traffic = options.traffic;
    this.#onConnection = options.onConnection;
  }

  start(cursor?: string): void {
    this.stop();
    this.setCursor(cursor);
    const url = new URL(PATHS.sse, this.origin);
    url.searchParams.set('topic', this.options.topic);
    if (cursor !== undefined) url.searchParams.set('lastEventId', cursor);
    for (const [name, value] of Object.entries(this.options.params?.() ?? {})) url.searchParams.set(name, value);
    this.setState('connecting', 'started');
    this.#traffic?.opened(`GET ${PATHS.sse}`);
    const source = new this.#EventSource(url.href);
    this.#source = source;
    source.addEventListener('error', () => {
      if (source !== this.#source) return;
      const retrying = source.readyState !== EVENT_SOURCE_CLOSED;
      this.#onConnection?.({ kind: 'lost', retrying });
      if (retrying) this.setState('waiting', 'stream lost; EventSource reconnects');
      else {
        // Without this, the page would wait for a reconnect that never comes.
        this.#source = undefined;
        this.#traffic?.closed('refused', 'server');
        this.setState('stopped', 'the stream was refused; EventSource does not retry');
      }
    });
    source.addEventListener('open', () => {
      this.#onConnection?.({ kind: 'open' });
      this.setState('connecting', 'stream open');
    });
    source.addEventListener('live', (message) => {
      this.#traffic?.message('down', 'live');
      this.caughtUp((JSON.parse(String(message.data)) as { cursor?: string }).cursor ?? this.cursor ?? '');
    });
    source.addEventListener('reset', (message) => {
      this.#traffic?.message('down', 'reset');
      this.resetTo(JSON.parse(String(message.data)) as WireReset);
    });
    source.addEventListener('message', (message) => {
      this.#traffic?.message('down', eventLabel(String(message.lastEventId)));
      this.deliver(JSON.parse(String(message.data)) as WireEvent);
    });
  }

  stop(): void {
    if (!this.#source) return;
    this.#source.close();
    this.#source = undefined;
    this.#traffic?.closed('closed by the page', 'page');
    this.setState('stopped', 'stopped by the page');
  }
}
