import { randomUUID } from 'node:crypto';
import type { RealtimeEvent } from '../../event.ts';
import { instanceId } from '../../cluster/instance-id.ts';
import type { SseHello, SseLive } from '../../protocol.ts';
import type { Hub } from '../../hub.ts';
import type { StreamReply } from '../../http/api.ts';
import { deliveryOf } from '../outbox.ts';
import { formatSseMessage, formatSseRetry } from '../sse-format.ts';
import { SseConnection, type SseConnections, type StreamLimits } from './connections.ts';

/** Response headers of every event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform keeps proxies from compressing, which would hold events back in a buffer.
  'Cache-Control': 'no-cache, no-transform',
  // Tells nginx (and proxies that copy it) not to buffer the stream.
  'X-Accel-Buffering': 'no',
};

// One event reaches every subscriber as the same object, so its frame is built once, not once per stream.
const frames = new WeakMap<RealtimeEvent, string>();
function eventFrame(event: RealtimeEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = formatSseMessage({ id: event.id, data: JSON.stringify(event) });
    frames.set(event, frame);
  }
  return frame;
}

/** Options for one SSE stream. */
export interface SseStreamOptions {
  hub: Hub;
  connections: SseConnections;
  limits: StreamLimits;
  topic: string;
  /** The cursor to resume after (Last-Event-ID header or lastEventId query). */
  lastEventId?: string;
  /** Send the `hello` and `live` events that describe the connection. /events leaves them out. */
  controlEvents: boolean;
  /** Reconnection delay the browser is told to use, in ms. */
  retryMs: number;
  /** Called exactly once when the stream is over, however it ended. */
  onClose(): void;
}

/**
 * An event stream on a topic: retry, hello, the replay after `lastEventId` (or a reset), then
 * live events; heartbeats come from the connections' shared timer. Everything is released the
 * moment either side ends it.
 */
export function sseStreamReply(options: SseStreamOptions): StreamReply {
  const { topic, lastEventId, controlEvents } = options;
  return {
    kind: 'stream',
    status: 200,
    headers: SSE_HEADERS,
    open(sink) {
      const id = randomUUID();
      const delivery = deliveryOf(topic);
      let release = (): void => {};
      const connection = new SseConnection(id, topic, sink, options.limits, () => release());
      connection.write(formatSseRetry(options.retryMs));
      if (controlEvents) {
        const hello: SseHello = { connection: id, instance: instanceId(), topic, lastEventId: lastEventId ?? null, serverTime: Date.now() };
        connection.write(formatSseMessage({ event: 'hello', data: JSON.stringify(hello) }));
      }
      const subscription = options.hub.subscribe(
        topic,
        {
          onEvent: (event) => connection.send(eventFrame(event), delivery),
          // The reset carries the head as its id, so the browser's next reconnect resumes from there.
          onReset: (notice) =>
            connection.send(formatSseMessage({ id: notice.cursor, event: 'reset', data: JSON.stringify(notice) }), 'reliable'),
          onLive: (info: SseLive) => {
            if (controlEvents) connection.send(formatSseMessage({ event: 'live', data: JSON.stringify(info) }), 'reliable');
          },
          // The backplane is away: end the stream, so the browser reconnects after `retry` (perhaps
          // to another instance) and resumes from its last event id. Nothing is skipped.
          onError: () => connection.end(),
        },
        lastEventId,
      );
      release = () => {
        subscription.close();
        options.connections.remove(id);
        options.onClose();
      };
      options.connections.add(connection);
      sink.onClose(() => connection.closed());
    },
  };
}
