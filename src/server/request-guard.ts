import type { IncomingMessage, ServerResponse } from 'node:http';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Methods the site answers; anything else (TRACE, CONNECT, PROPFIND…) gets 405 before a handler sees it. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
const allowed = new Set<string>(ALLOWED_METHODS);

/**
 * Wraps the request handler with what no single route should have to think about: a method the
 * site never serves is answered 405 (not a 500 with a stack trace: `new Request()` throws on
 * TRACE), and a client that reset its connection before we got to its request is not a server
 * error, just gone. The client's address is pinned while the socket is alive, because the
 * framework reads it later, after an asynchronous file lookup, when a reset socket has none.
 */
export function guardRequests(handler: NodeHandler): NodeHandler {
  return (request, response) => {
    const address = request.socket.remoteAddress;
    if (address === undefined || request.socket.destroyed) {
      request.socket.destroy();
      return;
    }
    if (!allowed.has(request.method ?? '')) {
      const body = JSON.stringify({ error: `method ${request.method} is not allowed; use ${ALLOWED_METHODS.join(', ')}` });
      response.writeHead(405, {
        Allow: ALLOWED_METHODS.join(', '),
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
      });
      response.end(body);
      return;
    }
    // Once per connection: a keep-alive socket carries many requests, and its peer never changes.
    if (!Object.hasOwn(request.socket, 'remoteAddress')) {
      Object.defineProperty(request.socket, 'remoteAddress', { value: address, configurable: true });
    }
    handler(request, response);
  };
}
