import { PATHS } from '../lib/realtime/protocol.ts';
import { ResumingSocket, webSocketUrl } from './transport/resuming-socket.ts';
import { traceSocket } from './diagram/socket-traffic.ts';

let shared: ResumingSocket | undefined;

/**
 * The one WebSocket of the WebSockets page, shared by the chat room and the frame log, so the
 * log shows the chat's own frames and "kill" interrupts the chat. Connects on first use.
 */
export function labSocket(): ResumingSocket {
  if (!shared) {
    shared = new ResumingSocket(webSocketUrl(PATHS.ws));
    // Before it starts, so the page's sequence diagram sees the first handshake too.
    traceSocket(shared);
  }
  shared.start();
  return shared;
}
