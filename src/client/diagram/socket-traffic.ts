import type { ResumingSocket } from '../transport/resuming-socket.ts';
import { ConnectionTraffic, RequestTraffic } from './widget-traffic.ts';

/**
 * Tells the WebSockets page's sequence diagram what `socket` does, from its own log and state: each
 * handshake (an HTTP request answered 101), the open connection, every frame both ways, and how
 * the connection ended (cut: 1006; closed by either side with a close frame).
 */
export function traceSocket(socket: ResumingSocket): () => void {
  const connection = new ConnectionTraffic('websocket');
  const handshakes = new RequestTraffic('websocket');
  let handshake: ReturnType<RequestTraffic['sent']> | undefined;
  const stopLog = socket.onLog((entry) => {
    if (entry.kind === 'note') {
      if (entry.text.startsWith('GET ')) handshake = handshakes.sent('GET /api/ws (Upgrade)');
      else if (entry.text.startsWith('101 ')) {
        handshake?.('data', '101 Switching Protocols');
        handshake = undefined;
        // The handshake above was the request; the connection it upgraded stays open.
        connection.opened('WebSocket', false);
      } else if (entry.text.startsWith('1006')) connection.closed('cut: 1006, no close frame', 'server');
      return;
    }
    const direction = entry.direction === 'sent' ? 'up' : 'down';
    // A text frame is named by its message type ("subscribe", "event"); control frames by their summary.
    connection.message(direction, entry.opcode === 'text' ? entry.summary.split(' ')[0]! : entry.summary);
    if (entry.opcode === 'close') connection.closed(entry.summary, direction === 'up' ? 'page' : 'server');
  });
  const stopState = socket.onState((state) => {
    // A handshake refused or cut before 101 ends without an answer.
    if (state.state !== 'connecting' && state.state !== 'open' && handshake) {
      handshake('error', 'no 101');
      handshake = undefined;
    }
  });
  return () => {
    stopLog();
    stopState();
  };
}
