import type { IncomingMessage, ServerResponse } from 'node:http';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Keep-alive during a shutdown: once `start` is called, every answer is sent with
 * `Connection: close`, so the client opens its next connection to another instance instead of to
 * one that is leaving. Requests arriving after `start` get the header here; answers given later by
 * the API core (held long polls included) ask `draining()` when they write their status line. No
 * request is tracked on the way, which keeps this off the cost of every poll.
 */
export function connectionDrain(): { wrap(handler: NodeHandler): NodeHandler; start(): void; draining(): boolean } {
  let draining = false;
  return {
    wrap: (handler) => (request, response) => {
      if (draining) response.setHeader('Connection', 'close');
      handler(request, response);
    },
    start: () => {
      draining = true;
    },
    draining: () => draining,
  };
}
