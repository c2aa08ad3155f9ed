import type { IncomingMessage, ServerResponse } from 'node:http';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Request headers a cross-origin page may send: JSON bodies, and the resume header of event streams. */
const ALLOWED_HEADERS = 'Content-Type, Last-Event-ID';

/**
 * Cross-origin access to the API, closed by default: only a page whose Origin is listed in
 * ALLOWED_ORIGINS gets `Access-Control-Allow-Origin` (never `*`, never credentials), and its
 * preflight learns the methods and headers it may use. Every other origin gets no CORS header,
 * so browsers keep its scripts from reading any answer. Same-origin pages need none of this.
 */
export function withCors(handler: NodeHandler, allowedOrigins: readonly string[]): NodeHandler {
  const allowed = new Set(allowedOrigins);
  return (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0]!;
    if (path.startsWith('/api/') || path === '/events') {
      // Caches must keep answers to different origins apart.
      response.setHeader('Vary', 'Origin');
      const origin = request.headers.origin;
      if (origin !== undefined && allowed.has(origin)) {
        response.setHeader('Access-Control-Allow-Origin', origin);
        if (request.method === 'OPTIONS') {
          response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
          response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
          response.setHeader('Access-Control-Max-Age', '600');
        }
      }
    }
    handler(request, response);
  };
}
