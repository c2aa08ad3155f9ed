import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Hub, Subscription } from '../hub.ts';
import { parseInput } from '../schemas.ts';
import { clientMessageSchema, type ServerMessage } from './ws-messages.ts';

/**
 * One WebSocket connection on /api/ws: parses each message, keeps the socket's subscriptions,
 * and closes them all when the socket closes.
 */
export function runWebSocketSession(socket: WebSocket, hub: Hub): void {
  const subscriptions = new Map<string, Subscription>();
  const send = (message: ServerMessage): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  send({ type: 'hello', connection: randomUUID(), serverTime: Date.now() });

  socket.on('message', (raw, isBinary) => {
    if (isBinary) {
      socket.close(1003, 'binary frames are not supported; send JSON text');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      send({ type: 'error', error: 'message must be JSON, e.g. {"type":"subscribe","topic":"ticker"}' });
      return;
    }
    const parsed = parseInput(clientMessageSchema, json);
    if (!parsed.ok) {
      send({ type: 'error', error: parsed.error });
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'subscribe': {
        subscriptions.get(message.topic)?.close();
        const subscription = hub.subscribe(
          message.topic,
          {
            onEvent: (event) => send({ type: 'event', event }),
            onReset: (notice) => send({ type: 'reset', ...notice }),
            onLive: (info) => send({ type: 'live', topic: message.topic, ...info }),
          },
          message.since,
        );
        subscriptions.set(message.topic, subscription);
        break;
      }
      case 'unsubscribe':
        subscriptions.get(message.topic)?.close();
        subscriptions.delete(message.topic);
        send({ type: 'unsubscribed', topic: message.topic });
        break;
      case 'ping':
        send({ type: 'pong', id: message.id, serverTime: Date.now() });
        break;
    }
  });

  socket.on('close', () => {
    for (const subscription of subscriptions.values()) subscription.close();
    subscriptions.clear();
  });
}
