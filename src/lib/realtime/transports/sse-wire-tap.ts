import { formatSseMessage, formatSseRetry } from './sse-format.ts';
import { SSE_HEADERS } from './sse.ts';
import type { SseConnection } from './sse-connections.ts';

/** One forwarded chunk: text exactly as written to the watched stream, and its running byte count. */
export interface WireChunk {
  text: string;
  /** Body bytes the watched stream had sent after this chunk, counted by the server. */
  bytesSent: number;
}

/**
 * An event stream that shows another stream's bytes as the server wrote them: first the kept
 * backlog, then each write, as `message` events whose data is a WireChunk; `end` when the watched
 * stream closes. It never reconnects (retry is an hour): the watcher opens a new tap per stream.
 */
export function openWireTap(connection: SseConnection, signal: AbortSignal, onClose: () => void): Response {
  const encoder = new TextEncoder();
  let detach = (): void => {};
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    detach();
    signal.removeEventListener('abort', finish);
    onClose();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string): void => controller.enqueue(encoder.encode(text));
      send(formatSseRetry(3_600_000));
      detach = connection.tap({
        onText: (text, bytesSent) => {
          if (!finished && text) send(formatSseMessage({ data: JSON.stringify({ text, bytesSent } satisfies WireChunk) }));
        },
        onEnd: () => {
          if (finished) return;
          send(formatSseMessage({ event: 'end', data: JSON.stringify({ bytesSent: connection.bytesSent }) }));
          controller.close();
          finish();
        },
      });
      if (signal.aborted) finish();
      else signal.addEventListener('abort', finish, { once: true });
    },
    cancel: finish,
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
