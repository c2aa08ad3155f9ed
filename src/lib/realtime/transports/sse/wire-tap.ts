import type { StreamReply } from '../../http/api.ts';
import { formatSseMessage, formatSseRetry } from '../sse-format.ts';
import type { SseConnection } from './connections.ts';
import { SSE_HEADERS } from './stream.ts';

/** One forwarded chunk: text exactly as written to the watched stream, and its running byte count. */
export interface WireChunk {
  text: string;
  /** Body bytes the watched stream had sent after this chunk, counted by the server. */
  bytesSent: number;
}

/**
 * An event stream that shows another stream's bytes as the server wrote them: first its opening
 * text, then each write, as `message` events whose data is a WireChunk; `end` when the watched
 * stream closes. It never reconnects (retry is an hour): the watcher opens a new tap per stream.
 */
export function wireTapReply(connection: SseConnection, onClose: () => void): StreamReply {
  return {
    kind: 'stream',
    status: 200,
    headers: SSE_HEADERS,
    open(sink) {
      let finished = false;
      sink.write(formatSseRetry(3_600_000));
      const detach = connection.tap({
        onText: (text, bytesSent) => {
          if (!finished && text) sink.write(formatSseMessage({ data: JSON.stringify({ text, bytesSent } satisfies WireChunk) }));
        },
        onEnd: () => {
          if (finished) return;
          sink.write(formatSseMessage({ event: 'end', data: JSON.stringify({ bytesSent: connection.bytesSent }) }));
          sink.end();
        },
      });
      sink.onClose(() => {
        if (finished) return;
        finished = true;
        detach();
        onClose();
      });
    },
  };
}
