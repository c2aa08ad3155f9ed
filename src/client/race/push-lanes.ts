import type { ConnectionChange } from '../transport/realtime-client.ts';
import { SseClient } from '../transport/sse.ts';
import { WebSocketClient } from '../transport/websocket.ts';
import type { UsageMeter } from '../usage-meter.ts';
import { LaneCounters, type RaceLane, type RaceTarget } from './lane.ts';
import { meterLane } from './usage-bytes.ts';

/** Counts a push lane's connections: one request per attempt, one connection while it is open. */
function countConnections(counters: LaneCounters, change: ConnectionChange): void {
  if (change.kind === 'open') {
    counters.connections = 1;
    counters.markOpened();
    return;
  }
  counters.connections = 0;
  // A lost stream the client tries again (EventSource with Last-Event-ID, the socket with its cursor) is one more request.
  if (change.retrying) counters.requests += 1;
}

/** Server-Sent Events: the transport layer's EventSource client; its bytes are measured by the server on the stream's socket. */
export class SseLane implements RaceLane {
  readonly transport = 'sse' as const;
  counters = new LaneCounters('measured');
  #client: SseClient | undefined;
  #meter: UsageMeter | undefined;

  start(target: RaceTarget): void {
    const counters = new LaneCounters('measured');
    this.counters = counters;
    counters.expected = target.expected;
    counters.requests = 1;
    this.#meter = meterLane(target.session, counters);
    this.#client = new SseClient({
      topic: target.topic,
      params: () => ({ session: target.session }),
      onConnection: (change) => countConnections(counters, change),
      onEvent: (event) => counters.deliver(event, target.offsetMs),
    });
    this.#client.start();
  }

  async stop(): Promise<void> {
    this.#client?.stop();
    this.counters.connections = 0;
    this.#meter?.stop();
    await this.#meter?.refresh();
  }
}

/**
 * WebSockets: the transport layer's socket on /api/ws, subscribed to the race topic. Browsers never
 * expose frames, so its bytes are computed from RFC 6455: each frame's header plus payload, both
 * ways (the client's frames carry a 4-byte mask). The HTTP handshake is not included.
 */
export class WebSocketLane implements RaceLane {
  readonly transport = 'websockets' as const;
  counters = new LaneCounters('computed');
  #client: WebSocketClient | undefined;

  start(target: RaceTarget): void {
    const counters = new LaneCounters('computed');
    this.counters = counters;
    counters.expected = target.expected;
    counters.requests = 1;
    this.#client = new WebSocketClient({
      topic: target.topic,
      onConnection: (change) => countConnections(counters, change),
      onFrame: (frame) => (counters.bytes += frame.frameBytes),
      onEvent: (event) => counters.deliver(event, target.offsetMs),
    });
    this.#client.start();
  }

  async stop(): Promise<void> {
    this.#client?.stop();
    this.counters.connections = 0;
  }
}
