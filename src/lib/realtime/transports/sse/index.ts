import { isUnknownRace, unknownRaceError } from '../../feeds/races.ts';
import type { Hub } from '../../hub.ts';
import { empty, errorReply, refusalReply, type ApiRequest, type Reply, type Route } from '../../http/api.ts';
import { readJsonBody } from '../../http/body.ts';
import { ConnectionCounter, refusalFor } from '../../limits/connection-counter.ts';
import { connectionSchema, parseInput, sseQuerySchema } from '../../schemas.ts';
import { newOutboxStats } from '../outbox.ts';
import type { Transport } from '../transport.ts';
import { SseConnections, type StreamLimits } from './connections.ts';
import { SSE_HEADERS, sseStreamReply } from './stream.ts';
import { wireTapReply } from './wire-tap.ts';

/** What the SSE transport needs. */
export interface SseTransportOptions {
  hub: Hub;
  /** Reconnect delay announced to EventSource clients (SSE_RETRY_MS). */
  retryMs: number;
  /** Longest silence before a heartbeat comment (SSE_HEARTBEAT_MS). */
  heartbeatMs: number;
  /** Open streams and wire taps per client address (MAX_STREAMS_PER_IP). */
  maxPerIp: number;
  /** Open streams and taps over all clients (MAX_SSE_STREAMS); default no process-wide cap. */
  maxTotal?: number;
  /** Unsent bytes a stream may have before its reader counts as too slow (SSE_MAX_BUFFERED_BYTES). */
  maxBufferedBytes: number;
}

/** The SSE transport and its stream table (the wire tap and the drop button look streams up by id). */
export type SseTransport = Transport & { readonly connections: SseConnections };

/**
 * Server-Sent Events as a unit: `GET /api/sse` (hello/live events, resume), `GET /events` (the
 * bare ticker), `GET /api/sse/wire` (another stream's bytes) and `POST /api/sse/drop`.
 */
export function createSseTransport(options: SseTransportOptions): SseTransport {
  const connections = new SseConnections(options.heartbeatMs);
  const slots = new ConnectionCounter(options.maxPerIp, options.maxTotal);
  const limits: StreamLimits = { maxBufferedBytes: options.maxBufferedBytes, outbox: newOutboxStats() };
  const refused = (limit: 'address' | 'server'): Reply => refusalReply(refusalFor(limit, 'open streams', options.maxPerIp));

  /** Validates the query, takes a stream slot, and resumes from Last-Event-ID (the header wins over `lastEventId`). */
  const openStream = async (request: ApiRequest, defaultTopic: string | undefined, controlEvents: boolean): Promise<Reply> => {
    const parsed = parseInput(sseQuerySchema, {
      topic: request.query.get('topic') ?? defaultTopic,
      lastEventId: request.header('last-event-id') ?? request.query.get('lastEventId') ?? undefined,
    });
    if (!parsed.ok) return errorReply(400, parsed.error);
    if (await isUnknownRace(options.hub, parsed.value.topic)) return errorReply(404, unknownRaceError(parsed.value.topic));
    const slot = slots.acquire(request.clientIp);
    if (!slot.ok) return refused(slot.limit);
    return sseStreamReply({
      hub: options.hub,
      connections,
      limits,
      topic: parsed.value.topic,
      lastEventId: parsed.value.lastEventId,
      controlEvents,
      retryMs: options.retryMs,
      onClose: slot.release,
    });
  };

  const routes: Route[] = [
    // `?topic=ticker|notifications`: an event stream with hello/live events and resume.
    { method: 'GET', path: '/api/sse', stream: SSE_HEADERS, handler: (request) => openStream(request, undefined, true) },
    // The ticker as plain `message` events, so the classic EventSource snippet runs as written.
    { method: 'GET', path: '/events', stream: SSE_HEADERS, handler: (request) => openStream(request, 'ticker', false) },
    {
      // `?connection=<id>`: the text another stream is sending, as the server wrote it.
      method: 'GET',
      path: '/api/sse/wire',
      stream: SSE_HEADERS,
      handler: (request) => {
        const parsed = parseInput(connectionSchema, { connection: request.query.get('connection') ?? undefined });
        if (!parsed.ok) return errorReply(400, parsed.error);
        const connection = connections.get(parsed.value.connection);
        if (!connection) return errorReply(404, 'no open stream has that connection id');
        const slot = slots.acquire(request.clientIp);
        if (!slot.ok) return refused(slot.limit);
        return wireTapReply(connection, slot.release);
      },
    },
    {
      // `{"connection": id}`: the server ends that stream, so the reader can watch EventSource reconnect.
      method: 'POST',
      path: '/api/sse/drop',
      handler: async (request) => {
        const body = await readJsonBody(request);
        if (!body.ok) return body.reply;
        const parsed = parseInput(connectionSchema, body.value);
        if (!parsed.ok) return errorReply(400, parsed.error);
        if (!connections.drop(parsed.value.connection)) return errorReply(404, 'no open stream has that connection id');
        return empty(204);
      },
    },
  ];

  return {
    name: 'sse',
    connections,
    routes,
    stats: () => ({ sseStreams: connections.size, sseOutbox: limits.outbox }),
    close: async () => connections.endAll(),
  };
}
