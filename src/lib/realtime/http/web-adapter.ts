import { randomUUID } from 'node:crypto';
import type { ApiRequest, BodyText, Reply, StreamSink } from './api.ts';
import { clientAddress } from './client-address.ts';
import { BackplaneUnavailable } from '../bus/backplane-error.ts';
import { answerWithoutRoute, failureReply, isClientGone, ClientGoneError, BACKPLANE_DOWN_REPLY } from './dispatch.ts';
import type { RouteTable } from './route-table.ts';

/** What the Web adapter needs of a framework's request context (Astro's APIContext has both). */
export interface WebContext {
  request: Request;
  clientAddress: string;
}

/**
 * Answers an API request with a Web `Response`: how `astro dev` (and any Astro adapter) serves
 * the same route table as the production server. Unknown paths get a JSON 404.
 */
export async function handleWebRequest(table: RouteTable, context: WebContext, trustedProxies: readonly string[] = []): Promise<Response> {
  const { request } = context;
  const url = new URL(request.url);
  const match = table.match(request.method, url.pathname);
  if (match.kind !== 'route') return toResponse(answerWithoutRoute(match), request, false);
  if (match.head && match.route.stream) return new Response(null, { status: 200, headers: match.route.stream });
  const apiRequest = new WebApiRequest(context, url, trustedProxies);
  try {
    return toResponse(await match.route.handler(apiRequest), request, match.head);
  } catch (error) {
    if (isClientGone(error) || request.signal.aborted) return new Response(null, { status: 499 });
    if (error instanceof BackplaneUnavailable) return toResponse(BACKPLANE_DOWN_REPLY, request, false);
    const requestId = randomUUID();
    console.error(`request ${requestId} failed: ${request.method} ${url.pathname}${url.search}`, error);
    return toResponse(failureReply(requestId), request, false);
  }
}

function toResponse(reply: Reply, request: Request, head: boolean): Response {
  if (reply.kind === 'json') {
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers };
    if (reply.closeConnection) headers.Connection = 'close';
    return new Response(head ? null : (reply.text ?? JSON.stringify(reply.body)), { status: reply.status, headers });
  }
  if (reply.kind === 'empty') return new Response(null, { status: reply.status, headers: reply.headers });
  const encoder = new TextEncoder();
  const listeners: Array<() => void> = [];
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const close = (): void => {
    if (closed) return;
    closed = true;
    request.signal.removeEventListener('abort', close);
    for (const listener of listeners.splice(0)) listener();
  };
  const sink: StreamSink = {
    write(text) {
      if (!closed) controller.enqueue(encoder.encode(text));
    },
    // With a high-water mark of 0 bytes, desiredSize is minus the bytes queued and not yet read.
    get bufferedBytes() {
      return closed ? 0 : -(controller.desiredSize ?? 0);
    },
    end() {
      if (closed) return;
      controller.close();
      close();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (request.signal.aborted) close();
        else request.signal.addEventListener('abort', close, { once: true });
        reply.open(sink);
      },
      cancel: close,
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/** An ApiRequest over a Web Request. */
class WebApiRequest implements ApiRequest {
  readonly #request: Request;
  readonly #url: URL;
  readonly clientIp: string;

  constructor(context: WebContext, url: URL, trustedProxies: readonly string[]) {
    this.#request = context.request;
    this.#url = url;
    this.clientIp = clientAddress(context.clientAddress, context.request.headers.get('x-forwarded-for') ?? undefined, trustedProxies);
  }
  get method(): string {
    return this.#request.method;
  }
  get path(): string {
    return this.#url.pathname;
  }
  get query(): URLSearchParams {
    return this.#url.searchParams;
  }
  get signal(): AbortSignal {
    return this.#request.signal;
  }
  header(name: string): string | undefined {
    return this.#request.headers.get(name) ?? undefined;
  }

  async readBody(maxBytes: number): Promise<BodyText> {
    if (Number(this.#request.headers.get('content-length') ?? 0) > maxBytes) return { ok: false, reason: 'too-large' };
    if (!this.#request.body) return { ok: true, text: '' };
    const reader = this.#request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          void reader.cancel().catch(() => {});
          return { ok: false, reason: 'too-large' };
        }
        chunks.push(value);
      }
    } catch {
      throw new ClientGoneError();
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  }
}
