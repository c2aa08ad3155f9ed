import type { APIRoute } from 'astro';
import { jsonResponse } from '../../lib/realtime/http.ts';
import { getRuntime } from '../../lib/realtime/runtime.ts';

export const prerender = false;

/** Which instance this is, its backplane, and what it holds open right now (subscriptions per topic, event streams, held long polls, WebSockets), and what its WebSocket outboxes did. */
export const GET: APIRoute = () => {
  const runtime = getRuntime();
  return jsonResponse(200, {
    instance: runtime.instanceId,
    backplane: { kind: runtime.backplane.kind, healthy: runtime.backplane.healthy },
    subscribers: runtime.hub.subscriberCounts(),
    sseStreams: runtime.sseConnections.size,
    longPolls: runtime.longPollSlots.total(),
    webSockets: runtime.webSockets.count,
    webSocketOutbox: runtime.webSockets.outbox,
  });
};
