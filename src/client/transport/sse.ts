import { ConnectionTraffic } from '../diagram/widget-traffic.ts';
import { eventLabel } from '../event-label.ts';
import { PATHS, type WireEvent, type WireReset } from '../../lib/realtime/protocol.ts';
import { BaseClient, type RealtimeClientOptions } from './realtime-client.ts';

/** The part of EventSource this client uses (the browser's, or the `eventsource` package's in Node). */
export type EventSourceConstructor = new (url: string) => {
  addEventListener(type: string, listener: (message: MessageEvent) => void): void;
  close(): void;
};

/** Server-Sent Events: one GET /api/sse stream; the browser's EventSource reconnects with Last-Event-ID. */
export class SseClient extends BaseClient {
  readonly #EventSource: EventSourceConstructor;
  readonly #traffic: ConnectionTraffic | undefined;
  #source: InstanceType<EventSourceConstructor> | undefined;
  constructor(options: RealtimeClientOptions & { EventSource?: EventSourceConstructor; traffic?: ConnectionTraffic }) {
    super(options);
    this.#EventSource = options.EventSource ?? (globalThis.EventSource as unknown as EventSourceConstructor);
    this.#traffic = options.traffic;
  }

  start(cursor?: string): void {
    this.stop();
    this.setCursor(cursor);
    const url = new URL(PATHS.sse, this.origin);
    url.searchParams.set('topic', this.options.topic);
    if (cursor !== undefined) url.searchParams.set('lastEventId', cursor);
    this.setState('connecting', 'started');
    this.#traffic?.opened(`GET ${PATHS.sse}`);
    const source = new this.#EventSource(url.href);
    this.#source = source;
    source.addEventListener('error', () => this.setState('waiting', 'stream lost; EventSource reconnects'));
    source.addEventListener('open', () => this.setState('connecting', 'stream open'));
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
