/**
 * POST /api/stream: a reply streamed token by token as `text/event-stream`, the shape AI chat APIs
 * use, for a client that reads it with `fetch` and `response.body` (EventSource cannot send a POST).
 * Framework-neutral: `handle(request, clientIp)` takes a web Request and returns a web Response.
 */
import { z } from 'zod';
import { errorResponse, readJsonBody } from '../http.ts';
import { ConnectionCounter } from '../limits/connection-counter.ts';
import { RateLimiter } from '../limits/rate-limiter.ts';
import { parseInput } from '../schemas.ts';
import { SSE_HEADERS } from '../transports/sse.ts';
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

/** The endpoint: a handler plus the number of streams open right now (for stats and tests). */
export interface TokenStreamEndpoint {
  handle(request: Request, clientIp: string): Promise<Response>;
  openStreams(): number;
}

/** Creates the endpoint with its own rate limiter and per-address stream cap. */
export function createTokenStreamEndpoint(options: TokenStreamOptions = {}): TokenStreamEndpoint {
  const intervalMs = options.tokenIntervalMs ?? 60;
  const maxDurationMs = options.maxDurationMs ?? 15_000;
  const slots = new ConnectionCounter(options.maxOpenPerAddress ?? 2);
  const limiter = new RateLimiter({ capacity: options.burst ?? 10, refillPerSecond: (options.perMinute ?? 20) / 60 });

  async function handle(request: Request, clientIp: string): Promise<Response> {
    if (!limiter.take(clientIp)) {
      return errorResponse(429, 'too many streams requested from this address; wait a few seconds', { 'Retry-After': '3' });
    }
    const body = await readJsonBody(request);
    if (!body.ok) return body.response;
    const parsed = parseInput(streamRequestSchema, body.value);
    if (!parsed.ok) return errorResponse(400, parsed.error);
    const { prompt, maxTokens } = parsed.value;
    if (prompt.length > MAX_PROMPT_CHARS) {
      return errorResponse(413, `prompt must be at most ${MAX_PROMPT_CHARS} characters, got ${prompt.length}`);
    }
    const slot = slots.acquire(clientIp);
    if (!slot.ok) return errorResponse(429, 'too many open streams from this address; abort one first', { 'Retry-After': '3' });
    return new Response(tokenBody(tokensFor(prompt, maxTokens), request.signal, { intervalMs, maxDurationMs, onClose: slot.release }), {
      status: 200,
      headers: SSE_HEADERS,
    });
  }

  return { handle, openStreams: () => slots.total() };
}

interface BodyOptions {
  intervalMs: number;
  maxDurationMs: number;
  /** Called exactly once, however the stream ends: finished, cut at the time cap, or aborted. */
  onClose: () => void;
}

/** The event stream: one `token` event per token (id = its index), then `done` with a summary. */
function tokenBody(tokens: string[], signal: AbortSignal, options: BodyOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finish = (): void => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const started = Date.now();
      let sent = 0;
      let closed = false;
      const write = (text: string): void => controller.enqueue(encoder.encode(text));
      const timer = setInterval(() => {
        const overTime = Date.now() - started >= options.maxDurationMs;
        if (sent < tokens.length && !overTime) {
          write(formatSseMessage({ id: String(sent), event: 'token', data: JSON.stringify({ text: tokens[sent] }) }));
          sent++;
          return;
        }
        const reason = overTime && sent < tokens.length ? 'time limit' : 'complete';
        write(formatSseMessage({ event: 'done', data: JSON.stringify({ tokens: sent, reason, ms: Date.now() - started }) }));
        finish();
        controller.close();
      }, options.intervalMs);
      finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        signal.removeEventListener('abort', finish);
        options.onClose();
      };
      if (signal.aborted) finish();
      else signal.addEventListener('abort', finish, { once: true });
    },
    cancel() {
      finish();
    },
  });
}
