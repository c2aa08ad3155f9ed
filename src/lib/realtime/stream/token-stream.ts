/**
 * POST /api/stream: a reply streamed token by token as `text/event-stream`, the shape AI chat APIs
 * use, for a client that reads it with `fetch` and `response.body` (EventSource cannot send a POST).
 * Routes of the realtime core, so the body is counted as it arrives and refused past 4 KiB.
 */
import { z } from 'zod';
import { errorReply, json, type Route, type StreamSink } from '../http/api.ts';
import { readJsonBody } from '../http/body.ts';
import { ConnectionCounter } from '../limits/connection-counter.ts';
import { RateLimiter } from '../limits/rate-limiter.ts';
import { parseInput } from '../schemas.ts';
import { SSE_HEADERS } from '../transports/sse/stream.ts';
import { formatSseMessage } from '../transports/sse-format.ts';
import { DEFAULT_TOKENS, MAX_PROMPT_CHARS, MAX_TOKENS, tokensFor } from './token-text.ts';

/** Limits of the streaming endpoint; every field has a default. */
export interface TokenStreamOptions {
  /** Gap between tokens, in ms. Default 60. */
  tokenIntervalMs?: number;
  /** A stream is ended after this long, whatever is left. Default 15 000. */
  maxDurationMs?: number;
  /** Streams one address may have open at once. Default 2. */
  maxOpenPerAddress?: number;
  /** Requests one address may make in a burst. Default 10. */
  burst?: number;
  /** Requests regained per minute after the burst. Default 20. */
  perMinute?: number;
}

/** The request body: `{"prompt": "...", "maxTokens": 60}`. */
export const streamRequestSchema = z.object({
  // Length is checked separately so that a too-long prompt answers 413, not 400.
  prompt: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }),
  maxTokens: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_TOKENS, { error: `must be at most ${MAX_TOKENS}` })
    .default(DEFAULT_TOKENS),
});

/** The endpoint's routes, plus the number of streams open right now (for tests and stats). */
export interface TokenStream {
  routes: Route[];
  openStreams(): number;
}

/** Creates the endpoint with its own rate limiter and per-address stream cap. */
export function createTokenStream(options: TokenStreamOptions = {}): TokenStream {
  const intervalMs = options.tokenIntervalMs ?? 60;
  const maxDurationMs = options.maxDurationMs ?? 15_000;
  const slots = new ConnectionCounter(options.maxOpenPerAddress ?? 2);
  const limiter = new RateLimiter({ capacity: options.burst ?? 10, refillPerSecond: (options.perMinute ?? 20) / 60 });

  const post: Route = {
    method: 'POST',
    path: '/api/stream',
    handler: async (request) => {
      if (!limiter.take(request.clientIp)) {
        return errorReply(429, 'too many streams requested from this address; wait a few seconds', { 'Retry-After': '3' });
      }
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      const parsed = parseInput(streamRequestSchema, body.value);
      if (!parsed.ok) return errorReply(400, parsed.error);
      const { prompt, maxTokens } = parsed.value;
      if (prompt.length > MAX_PROMPT_CHARS) {
        return errorReply(413, `prompt must be at most ${MAX_PROMPT_CHARS} characters, got ${prompt.length}`);
      }
      const slot = slots.acquire(request.clientIp);
      if (!slot.ok) return errorReply(429, 'too many open streams from this address; abort one first', { 'Retry-After': '3' });
      const tokens = tokensFor(prompt, maxTokens);
      return {
        kind: 'stream',
        status: 200,
        headers: SSE_HEADERS,
        open: (sink) => streamTokens(tokens, sink, { intervalMs, maxDurationMs, onClose: slot.release }),
      };
    },
  };
  const count: Route = { method: 'GET', path: '/api/stream', handler: () => json(200, { open: slots.total() }) };
  return { routes: [post, count], openStreams: () => slots.total() };
}

interface StreamOptions {
  intervalMs: number;
  maxDurationMs: number;
  /** Called exactly once, however the stream ends: finished, cut at the time cap, or aborted. */
  onClose: () => void;
}

/** Writes one `token` event per token (id = its index), then `done` with a summary, and ends. */
function streamTokens(tokens: string[], sink: StreamSink, options: StreamOptions): void {
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const overTime = Date.now() - started >= options.maxDurationMs;
    if (sent < tokens.length && !overTime) {
      sink.write(formatSseMessage({ id: String(sent), event: 'token', data: JSON.stringify({ text: tokens[sent] }) }));
      sent++;
      return;
    }
    const reason = overTime && sent < tokens.length ? 'time limit' : 'complete';
    sink.write(formatSseMessage({ event: 'done', data: JSON.stringify({ tokens: sent, reason, ms: Date.now() - started }) }));
    sink.end();
  }, options.intervalMs);
  // However it ends (done, the client aborting, shutdown), the timer and the slot go.
  sink.onClose(() => {
    clearInterval(timer);
    options.onClose();
  });
}
