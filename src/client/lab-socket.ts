import { PATHS } from '../lib/realtime/protocol.ts';
import { ResumingSocket, webSocketUrl } from './resuming-socket.ts';

let shared: ResumingSocket | undefined;

/**
 * The one WebSocket of the WebSockets page, shared by the chat room and the frame log, so the
 * log shows the chat's own frames and "kill" interrupts the chat. Connects on first use.
 */
export function labSocket(): ResumingSocket {
  shared ??= new ResumingSocket(webSocketUrl(PATHS.ws));
  shared.start();
  return shared;
}
