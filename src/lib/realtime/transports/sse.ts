import { randomUUID } from 'node:crypto';
import { instanceId } from '../cluster/instance-id.ts';
import type { Hub } from '../hub.ts';
import type { RealtimeEvent, ResetNotice } from '../event.ts';
import { formatSseComment, formatSseMessage, formatSseRetry } from './sse-format.ts';
import { SseConnection, type SseConnections } from './sse-connections.ts';

/** Options for one SSE stream. */
export interface SseStreamOptions {
  topic: string;
  /** The cursor to resume after (Last-Event-ID header or lastEventId query). */
  lastEventId?: string;
  /** Send the `hello` and `live` events that describe the connection. /events leaves them out. */
  controlEvents: boolean;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Reconnection delay the browser is told to use, in ms. */
  retryMs: number;
  /** Longest silence before a heartbeat comment, in ms. */
  heartbeatMs: number;
  connections: SseConnections;
  /** Called exactly once when the stream is over, however it ended. */
  onClose?: () => void;
}

/** Response headers of every event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform keeps proxies from compressing, which would hold events back in a buffer.
  'Cache-Control': 'no-cache, no-transform',
  // Tells nginx (and proxies that copy it) not to buffer the stream.
  'X-Accel-Buffering': 'no',
};

/**
 * Opens an event stream on a topic: retry, hello, the replay after `lastEventId` (or a reset),
 * then live events and heartbeats. Everything is released the moment the client goes away.
 */
export function openSseStream(hub: Hub, options: SseStreamOptions): Response {
  const { topic, lastEventId, controlEvents, signal, connections } = options;
  const encoder = new TextEncoder();
  const connectionId = randomUUID();
  let release = (): void => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let lastWrite = Date.now();
      const connection = new SseConnection(connectionId, topic, () => {
        if (!closed) controller.close();
        release();
      });
      const write = (text: string): void => {
        if (closed) return;
        const bytes = encoder.encode(text);
        lastWrite = Date.now();
        controller.enqueue(bytes);
        connection.wrote(text, bytes.byteLength);
      };

      write(formatSseRetry(options.retryMs));
      if (controlEvents) {
        const hello = { connection: connectionId, instance: instanceId(), topic, lastEventId: lastEventId ?? null, serverTime: Date.now() };
        write(formatSseMessage({ event: 'hello', data: JSON.stringify(hello) }));
      }
      const subscription = hub.subscribe(
        topic,
        {
          onEvent: (event: RealtimeEvent) => write(formatSseMessage({ id: event.id, data: JSON.stringify(event) })),
          // The reset carries the head as its id, so the browser's next reconnect resumes from there.
          onReset: (notice: ResetNotice) =>
            write(formatSseMessage({ id: notice.cursor, event: 'reset', data: JSON.stringify(notice) })),
          onLive: (info) => {
            if (controlEvents) write(formatSseMessage({ event: 'live', data: JSON.stringify(info) }));
          },
        },
        lastEventId,
      );
      // Checked every third of the period and sent after two thirds of silence, so the stream is
      // never quiet for longer than heartbeatMs, and busy streams carry no heartbeats at all.
      const heartbeat = setInterval(() => {
        if (Date.now() - lastWrite >= (options.heartbeatMs * 2) / 3) write(formatSseComment(`heartbeat ${Date.now()}`));
      }, Math.max(10, Math.floor(options.heartbeatMs / 3)));

      release = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        subscription.close();
        connections.remove(connectionId);
        signal.removeEventListener('abort', release);
        options.onClose?.();
      };
      connections.add(connection);
      if (signal.aborted) release();
      else signal.addEventListener('abort', release, { once: true });
    },
    cancel() {
      release();
    },
  });

  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
