import type { WebSocket } from 'ws';
import type { ChatRooms } from '../../chat-room.ts';
import { instanceId } from '../../cluster/instance-id.ts';
import type { RealtimeEvent } from '../../event.ts';
import type { Hub, Subscription } from '../../hub.ts';
import { RateLimiter } from '../../limits/rate-limiter.ts';
import { parseInput } from '../../schemas.ts';
import { handleMessage, type Session } from './handlers.ts';
import { CLOSE, clientMessageSchema, type ServerMessage } from '../ws-messages.ts';
import { sendBounded, type OutboxStats } from '../outbox.ts';
import { socketOutbox } from './socket-outbox.ts';

/** Per-connection limits of /api/ws. */
export interface SessionLimits {
  /** Messages allowed in a burst, and regained per second. */
  messageBurst: number;
  messagesPerSecond: number;
  /** Bad messages tolerated in a burst before closing with 1008 (one forgiven every 10 s). */
  maxStrikes: number;
  /** Unsent bytes allowed on the socket (see sendBounded). */
  maxBufferedBytes: number;
}

/** What a session needs from the server around it. */
export interface SessionContext {
  id: string;
  /** The client's address. */
  address: string;
  hub: Hub;
  chat: ChatRooms;
  limits: SessionLimits;
  outbox: OutboxStats;
  /** Keeps work that shutdown must wait for. */
  track(work: Promise<unknown>): void;
}

// One event reaches every subscriber as the same object, so its message text is built once, not once per socket.
const eventTexts = new WeakMap<RealtimeEvent, string>();
function messageText(message: ServerMessage): string {
  if (message.type !== 'event') return JSON.stringify(message);
  let text = eventTexts.get(message.event);
  if (text === undefined) {
    text = JSON.stringify(message);
    eventTexts.set(message.event, text);
  }
  return text;
}

const JSON_HINT = 'message must be JSON, e.g. {"type":"subscribe","topic":"chat:lobby","name":"Ada"}';
const STRIKE_FORGIVEN_PER_SECOND = 0.1;

/**
 * One connection on /api/ws: checks every frame (text, JSON, schema, rate), hands valid messages
 * to their handler, answers bad ones with an error and closes with 1008 when they keep coming,
 * and releases subscriptions and room presence when the socket closes.
 */
export function runWebSocketSession(socket: WebSocket, context: SessionContext): void {
  const { limits } = context;
  const subscriptions = new Map<string, Subscription>();
  const joinedRooms = new Set<string>();
  const roomHolds = new Map<string, () => void>();
  // One bucket each, keyed by nothing: the limiter belongs to this connection and dies with it.
  const rate = new RateLimiter({ capacity: limits.messageBurst, refillPerSecond: limits.messagesPerSecond });
  const strikes = new RateLimiter({ capacity: limits.maxStrikes, refillPerSecond: STRIKE_FORGIVEN_PER_SECOND });

  const outbox = socketOutbox(socket);
  const session: Session = {
    id: context.id,
    address: context.address,
    hub: context.hub,
    chat: context.chat,
    subscriptions,
    joinedRooms,
    roomHolds,
    send: (message: ServerMessage, delivery = 'reliable') => {
      sendBounded(outbox, messageText(message), delivery, limits.maxBufferedBytes, context.outbox);
    },
    track: context.track,
    isOpen: () => socket.readyState === socket.OPEN,
    close: (code, reason) => socket.close(code, reason),
  };

  /** Answers a bad message; past the strike budget the connection is closed instead. */
  const reject = (error: string): void => {
    if (!strikes.take('')) {
      socket.close(CLOSE.abuse.code, CLOSE.abuse.reason);
      return;
    }
    session.send({ type: 'error', error });
  };

  session.send({ type: 'hello', connection: context.id, instance: instanceId(), serverTime: Date.now() });

  socket.on('message', (raw, isBinary) => {
    // Frames can still arrive while our close handshake is under way; they start no new work.
    if (socket.readyState !== socket.OPEN) return;
    if (isBinary) {
      socket.close(CLOSE.binary.code, CLOSE.binary.reason);
      return;
    }
    if (!rate.take('')) {
      reject(`rate: at most ${limits.messageBurst} messages at once and ${limits.messagesPerSecond} per second after that; slow down`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      reject(JSON_HINT);
      return;
    }
    const parsed = parseInput(clientMessageSchema, json);
    if (!parsed.ok) {
      reject(parsed.error);
      return;
    }
    try {
      handleMessage(session, parsed.value);
    } catch (error) {
      // A bug of ours, not the client's fault: say so with 1011 instead of leaving the socket in an unknown state.
      console.error('WebSocket handler failed', error);
      socket.close(CLOSE.internal.code, CLOSE.internal.reason);
    }
  });

  socket.on('close', () => {
    for (const subscription of subscriptions.values()) subscription.close();
    subscriptions.clear();
    for (const room of joinedRooms) {
      const leaving = context.chat.leave(room, context.id, 'disconnected');
      if (leaving) context.track(leaving);
    }
    joinedRooms.clear();
    for (const release of roomHolds.values()) release();
    roomHolds.clear();
  });
}
