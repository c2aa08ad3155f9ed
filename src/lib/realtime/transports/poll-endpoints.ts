import type { RealtimeRuntime } from '../runtime.ts';
import { errorResponse, jsonResponse, refusalResponse } from '../http.ts';
import { refusalFor } from '../limits/connection-counter.ts';
import { parseInput } from '../schemas.ts';
import { waitForEvents } from './long-poll.ts';
import { longPollQuerySchema, pollBody, pollQuerySchema, queryParams } from './poll-params.ts';

/** `GET /api/poll`: answers at once with the events after `since` (maybe none) and the next cursor. */
export async function handlePollRequest(runtime: RealtimeRuntime, request: Request): Promise<Response> {
  const parsed = parseInput(pollQuerySchema, queryParams(new URL(request.url), ['topic', 'since', 'session']));
  if (!parsed.ok) return errorResponse(400, parsed.error);
  return jsonResponse(200, pollBody(await runtime.hub.read(parsed.value.topic, parsed.value.since)));
}

/**
 * `GET /api/long-poll`: answers as soon as there are events after `since`, or 204 when `timeout`
 * seconds pass first. Each held request takes one of its IP's long-poll slots until it ends.
 */
export async function handleLongPollRequest(runtime: RealtimeRuntime, request: Request, clientIp: string): Promise<Response> {
  const parsed = parseInput(longPollQuerySchema, queryParams(new URL(request.url), ['topic', 'since', 'session', 'timeout']));
  if (!parsed.ok) return errorResponse(400, parsed.error);
  const slot = runtime.longPollSlots.acquire(clientIp);
  if (!slot.ok) return refusalResponse(refusalFor(slot.limit, 'waiting long polls', runtime.config.LONG_POLL_MAX_PER_IP, 1));
  try {
    const { topic, since, timeout } = parsed.value;
    const result = await waitForEvents(runtime.hub, { topic, since, timeoutMs: timeout * 1000, signal: request.signal });
    if (!result) return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
    return jsonResponse(200, pollBody(result));
  } finally {
    slot.release();
  }
}
