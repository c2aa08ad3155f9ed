import type { RealtimeEvent } from '../../lib/realtime/event.ts';
import type { ServerMessage } from '../../lib/realtime/transports/ws-messages.ts';
import { PATHS } from '../../lib/realtime/protocol.ts';
import { frameSize, utf8Length } from '../frame-size.ts';
import { webSocketUrl } from '../resuming-socket.ts';
import type { UsageMeter } from '../usage-meter.ts';
import { LaneCounters, type RaceLane, type RaceTarget } from './lane.ts';
import { meterLane } from './usage-bytes.ts';

/** Server-Sent Events: one EventSource; its bytes are measured by the server on the stream's socket. */
export class SseLane implements RaceLane {
  readonly transport = 'sse' as const;
  counters = new LaneCounters('measured');
  #source: EventSource | undefined;
  #meter: UsageMeter | undefined;

  start(target: RaceTarget): void {
    this.counters = new LaneCounters('measured');
    this.counters.expected = target.expected;
    this.counters.requests = 1;
    const query = new URLSearchParams({ topic: target.topic, session: target.session });
    const source = new EventSource(`${PATHS.sse}?${query}`);
    this.#source = source;
    this.#meter = meterLane(target.session, this.counters);
    source.addEventListener('open', () => {
      this.counters.connections = 1;
      this.counters.markOpened();
    });
    source.addEventListener('error', () => {
      // The browser reconnects on its own, resuming with Last-Event-ID; that is one more request.
      this.counters.connections = 0;
      if (source.readyState === EventSource.CONNECTING) this.counters.requests += 1;
    });
    source.addEventListener('message', (message) => {
      this.counters.deliver(JSON.parse(message.data) as RealtimeEvent, target.offsetMs);
    });
  }

  async stop(): Promise<void> {
    this.#source?.close();
    this.counters.connections = 0;
    this.#meter?.stop();
    await this.#meter?.refresh();
  }
}

/**
 * WebSockets: one socket on /api/ws subscribed to the race topic. Browsers never expose frames, so
 * its bytes are computed from RFC 6455: each text frame's header plus payload, both ways (the
 * client's frames carry a 4-byte mask). The HTTP handshake is not included.
 */
export class WebSocketLane implements RaceLane {
  readonly transport = 'websockets' as const;
  counters = new LaneCounters('computed');
  #socket: WebSocket | undefined;

  start(target: RaceTarget): void {
    this.counters = new LaneCounters('computed');
    this.counters.expected = target.expected;
    this.counters.requests = 1;
    const socket = new WebSocket(webSocketUrl(PATHS.ws));
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.counters.connections = 1;
      const text = JSON.stringify({ type: 'subscribe', topic: target.topic });
      socket.send(text);
      this.counters.bytes += frameSize(utf8Length(text), true);
    });
    socket.addEventListener('close', () => (this.counters.connections = 0));
    socket.addEventListener('message', (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      this.counters.bytes += frameSize(utf8Length(message.data), false);
      const parsed = JSON.parse(message.data) as ServerMessage;
      if (parsed.type === 'event') this.counters.deliver(parsed.event, target.offsetMs);
    });
  }

  async stop(): Promise<void> {
    this.#socket?.close(1000, 'race over');
    this.counters.connections = 0;
  }
}
