import { ConnectionTraffic } from '../diagram/widget-traffic.ts';
import { eventLabel } from '../event-label.ts';
import { PATHS, type SseHello, type SseLive, type WireEvent, type WireReset } from '../../lib/realtime/protocol.ts';
import { BaseClient, type StreamClientOptions } from './realtime-client.ts';

/** The part of EventSource this client uses (the browser's, or the `eventsource` package's in Node). */
export type EventSourceConstructor = new (url: string) => {
  addEventListener(type: string, listener: (message: MessageEvent) => void): void;
  close(): void;
  readonly readyState: number;
};

/** EventSource's readyState once it has given up: it will not reconnect (an HTTP error, a wrong content type). */
const EVENT_SOURCE_CLOSED = 2;

/** What SseClient takes besides the stream options. */
export interface SseClientOptions extends StreamClientOptions {
  /** The EventSource class to use; default the browser's (Node passes the `eventsource` package's). */
  EventSource?: EventSourceConstructor;
  /** The page's sequence diagram: each request that opens the stream, its end, and each event down it. */
  traffic?: ConnectionTraffic;
  /** The server's hello, on each connection and reconnection: the stream's id, and the cursor it resumes after (null on a first connection). */
  onHello?: (hello: SseHello) => void;
}

/** Server-Sent Events: one GET /api/sse stream; the browser's EventSource reconnects with Last-Event-ID. */
export class SseClient extends BaseClient {
  readonly #EventSource: EventSourceConstructor;
  readonly #traffic: ConnectionTraffic | undefined;
  readonly #onConnection: SseClientOptions['onConnection'];
  readonly #onHello: SseClientOptions['onHello'];
  #source: InstanceType<EventSourceConstructor> | undefined;
  constructor(options: SseClientOptions) {
    super(options);
    this.#EventSource = options.EventSource ?? (globalThis.EventSource as unknown as EventSourceConstructor);
    this.#traffic = options.traffic;
    this.#onConnection = options.onConnection;
    this.#onHello = options.onHello;
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
    // From an error to the next open the stream is down; EventSource's reconnect is then a new request.
    let down = false;
    // The id EventSource last saw, which its reconnect sends as the Last-Event-ID header.
    let lastEventId = '';
    source.addEventListener('error', () => {
      if (source !== this.#source) return;
      const retrying = source.readyState !== EVENT_SOURCE_CLOSED;
      if (!down) this.#traffic?.closed(retrying ? 'stream ended' : 'refused', 'server');
      down = true;
      this.#onConnection?.({ kind: 'lost', retrying });
      if (retrying) this.setState('waiting', 'stream lost; EventSource reconnects');
      else {
        // Without this, the page would wait for a reconnect that never comes.
        this.#source = undefined;
        this.setState('stopped', 'the stream was refused; EventSource does not retry');
      }
    });
    source.addEventListener('open', () => {
      if (down) this.#traffic?.opened(`GET ${PATHS.sse}${lastEventId ? ' + Last-Event-ID' : ''}`);
      down = false;
      this.#onConnection?.({ kind: 'open' });
      this.setState('connecting', 'stream open');
    });
    source.addEventListener('hello', (message) => {
      this.#traffic?.message('down', 'hello');
      this.#onHello?.(JSON.parse(String(message.data)) as SseHello);
    });
    source.addEventListener('live', (message) => {
      this.#traffic?.message('down', 'live');
      const live = JSON.parse(String(message.data)) as SseLive;
      this.caughtUp(live.cursor, live.replayed);
    });
    source.addEventListener('reset', (message) => {
      lastEventId = String(message.lastEventId);
      this.#traffic?.message('down', 'reset');
      this.resetTo(JSON.parse(String(message.data)) as WireReset);
    });
    source.addEventListener('message', (message) => {
      lastEventId = String(message.lastEventId);
      this.#traffic?.message('down', eventLabel(lastEventId));
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
