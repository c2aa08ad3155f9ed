import type { IncomingMessage, ServerResponse } from 'node:http';
import { rawHeader } from '../lib/realtime/http/raw-header.ts';
import { isApiTarget } from '../lib/realtime/protocol.ts';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Request headers a cross-origin page may send: JSON bodies, and the resume header of event streams. */
const ALLOWED_HEADERS = 'Content-Type, Last-Event-ID';

/** Headers every API answer carries for CORS: caches must keep answers to different origins apart. */
export const API_CORS_HEADERS: Readonly<Record<string, string>> = { Vary: 'Origin' };

/**
 * Cross-origin access to the API, closed by default: only a page whose Origin is listed in
 * ALLOWED_ORIGINS gets `Access-Control-Allow-Origin` (never `*`, never credentials), and its
 * preflight learns the methods and headers it may use. Every other origin gets no CORS header,
 * so browsers keep its scripts from reading any answer. Same-origin pages need none of this.
 */
export function withCors(handler: NodeHandler, allowedOrigins: readonly string[]): NodeHandler {
  const allowed = new Set(allowedOrigins);
  return (request, response) => {
    // Read from the raw list: `request.headers` would be built from every header just for this one.
    const origin = rawHeader(request.rawHeaders, 'origin');
    // `Vary: Origin` goes out with every API answer (API_CORS_HEADERS); only a listed origin needs more.
    if (origin !== undefined && allowed.has(origin) && isApiTarget(request.url ?? '/')) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      if (request.method === 'OPTIONS') {
        response.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
        response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        response.setHeader('Access-Control-Max-Age', '600');
      }
    }
    handler(request, response);
  };
}
