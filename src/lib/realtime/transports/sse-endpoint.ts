import type { RealtimeRuntime } from '../runtime.ts';
import { errorResponse, refusalResponse } from '../http.ts';
import { refusalFor } from '../limits/connection-counter.ts';
import { parseInput, sseQuerySchema } from '../schemas.ts';
import { openSseStream } from './sse.ts';

/** How a route exposes the stream: /api/sse describes itself, /events is the bare ticker. */
export interface SseEndpointOptions {
  /** Topic when the query names none (only /events has one). */
  defaultTopic?: string;
  controlEvents: boolean;
}

/**
 * Answers an event-stream request: validates the query, applies the per-IP stream cap, and
 * resumes from Last-Event-ID (the header wins over the `lastEventId` query parameter).
 */
export function handleSseRequest(
  runtime: RealtimeRuntime,
  request: Request,
  clientIp: string,
  options: SseEndpointOptions,
): Response {
  const url = new URL(request.url);
  const parsed = parseInput(sseQuerySchema, {
    topic: url.searchParams.get('topic') ?? options.defaultTopic,
    lastEventId: request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined,
  });
  if (!parsed.ok) return errorResponse(400, parsed.error);

  const slot = runtime.streamSlots.acquire(clientIp);
  if (!slot.ok) return refusalResponse(refusalFor(slot.limit, 'open streams', runtime.config.MAX_STREAMS_PER_IP));
  return openSseStream(runtime.hub, {
    topic: parsed.value.topic,
    lastEventId: parsed.value.lastEventId,
    controlEvents: options.controlEvents,
    signal: request.signal,
    retryMs: runtime.config.SSE_RETRY_MS,
    heartbeatMs: runtime.config.SSE_HEARTBEAT_MS,
    connections: runtime.sseConnections,
    onClose: slot.release,
  });
}
