import type { IncomingMessage, ServerResponse } from 'node:http';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Keep-alive during a shutdown: once `start` is called, every answer not yet begun (held long
 * polls included) and every request that still arrives is sent with `Connection: close`, so the
 * client opens its next connection to another instance instead of to one that is leaving.
 */
export function connectionDrain(): { wrap(handler: NodeHandler): NodeHandler; start(): void } {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const closeAfter = (response: ServerResponse): void => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  return {
    wrap: (handler) => (request, response) => {
      if (draining) closeAfter(response);
      else {
        inFlight.add(response);
        response.once('close', () => inFlight.delete(response));
      }
      handler(request, response);
    },
    start: () => {
      draining = true;
      for (const response of inFlight) closeAfter(response);
      inFlight.clear();
    },
  };
}
