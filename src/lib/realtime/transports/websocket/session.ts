import type { WebSocket } from 'ws';
import type { ChatRooms } from '../../chat-room.ts';
import { instanceId } from '../../cluster/instance-id.ts';
import type { Hub, Subscription } from '../../hub.ts';
import { TokenBucket, type BucketRate } from '../../limits/token-bucket.ts';
import { parseInput } from '../../schemas.ts';
import { handleMessage, type Session } from './handlers.ts';
import { CLOSE, clientMessageSchema, type ServerMessage } from '../ws-messages.ts';
import { sendBounded, type Delivery, type OutboxStats, type OutboxTarget, type Payload } from '../outbox.ts';
import { encodedMessage } from './message-encoding.ts';

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

/** What every session of a process shares: made once, not once per connection. */
export interface SessionServices {
  hub: Hub;
  chat: ChatRooms;
  limits: SessionLimits;
  outbox: OutboxStats;
  /** Keeps work that shutdown must wait for. */
  track(work: Promise<unknown>): void;
}

/** The two token-bucket rates a session checks, derived once from its limits. */
export interface SessionRates {
  messages: BucketRate;
  strikes: BucketRate;
}

const STRIKE_FORGIVEN_PER_SECOND = 0.1;
const JSON_HINT = 'message must be JSON, e.g. {"type":"subscribe","topic":"chat:lobby","name":"Ada"}';

/** The rates of `limits`, to share between every session. */
export function sessionRates(limits: SessionLimits): SessionRates {
  return {
    messages: { capacity: limits.messageBurst, refillPerSecond: limits.messagesPerSecond },
    strikes: { capacity: limits.maxStrikes, refillPerSecond: STRIKE_FORGIVEN_PER_SECOND },
  };
}

/**
 * One connection on /api/ws: checks every frame (text, JSON, schema, rate), hands valid messages
 * to their handler, answers bad ones with an error and closes with 1008 when they keep coming,
 * and releases subscriptions and room presence when the socket closes (`release`).
 *
 * A process may hold tens of thousands of these, so each is one object with its state in plain
 * fields: methods live on the prototype, the collections are made on first use (most sockets
 * subscribe to one topic and never join a room), and it is its own outbox target.
 */
export class WebSocketSession implements Session, OutboxTarget {
  readonly id: string;
  readonly address: string;
  readonly #socket: WebSocket;
  readonly #services: SessionServices;
  readonly #rates: SessionRates;
  readonly #rate: TokenBucket;
  readonly #strikes: TokenBucket;
  #subscriptions: Map<string, Subscription> | undefined;
  #joinedRooms: Set<string> | undefined;
  #roomHolds: Map<string, () => void> | undefined;

  constructor(socket: WebSocket, id: string, address: string, services: SessionServices, rates: SessionRates) {
    this.id = id;
    this.address = address;
    this.#socket = socket;
    this.#services = services;
    this.#rates = rates;
    const now = Date.now();
    this.#rate = new TokenBucket(rates.messages, now);
    this.#strikes = new TokenBucket(rates.strikes, now);
    socket.on('message', (raw: Buffer, isBinary: boolean) => this.receive(raw, isBinary));
    this.send({ type: 'hello', connection: id, instance: instanceId(), serverTime: now });
  }

  get hub(): Hub {
    return this.#services.hub;
  }

  get chat(): ChatRooms {
    return this.#services.chat;
  }

  get subscriptions(): Map<string, Subscription> {
    return (this.#subscriptions ??= new Map());
  }

  get joinedRooms(): Set<string> {
    return (this.#joinedRooms ??= new Set());
  }

  get roomHolds(): Map<string, () => void> {
    return (this.#roomHolds ??= new Map());
  }

  /** Sends a message under the outbox policy (events are encoded once for every socket). */
  send(message: ServerMessage, delivery: Delivery = 'reliable'): void {
    sendBounded(this, encodedMessage(message), delivery, this.#services.limits.maxBufferedBytes, this.#services.outbox);
  }

  track(work: Promise<unknown>): void {
    this.#services.track(work);
  }

  isOpen(): boolean {
    return this.#socket.readyState === this.#socket.OPEN;
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  // OutboxTarget: open, ws's own count of unsent bytes, and 1013 when the reader falls behind.
  get writable(): boolean {
    return this.isOpen();
  }

  get bufferedBytes(): number {
    return this.#socket.bufferedAmount;
  }

  write(payload: Payload): void {
    // Encoded payloads are UTF-8 text: `binary: false` keeps the frame a text frame.
    this.#socket.send(payload, TEXT_FRAME);
  }

  overflow(): void {
    this.#socket.close(CLOSE.slowReader.code, CLOSE.slowReader.reason);
  }

  /** One frame from the client. */
  receive(raw: Buffer, isBinary: boolean): void {
    // Frames can still arrive while our close handshake is under way; they start no new work.
    if (!this.isOpen()) return;
    if (isBinary) {
      this.close(CLOSE.binary.code, CLOSE.binary.reason);
      return;
    }
    const { messageBurst, messagesPerSecond } = this.#services.limits;
    if (!this.#rate.take(this.#rates.messages, Date.now())) {
      this.#reject(`rate: at most ${messageBurst} messages at once and ${messagesPerSecond} per second after that; slow down`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      this.#reject(JSON_HINT);
      return;
    }
    const parsed = parseInput(clientMessageSchema, json);
    if (!parsed.ok) {
      this.#reject(parsed.error);
      return;
    }
    try {
      handleMessage(this, parsed.value);
    } catch (error) {
      // A bug of ours, not the client's fault: say so with 1011 instead of leaving the socket in an unknown state.
      console.error('WebSocket handler failed', error);
      this.close(CLOSE.internal.code, CLOSE.internal.reason);
    }
  }

  /** The socket closed: ends subscriptions, leaves joined rooms, gives back room holds. */
  release(): void {
    for (const subscription of this.#subscriptions?.values() ?? []) subscription.close();
    this.#subscriptions?.clear();
    for (const room of this.#joinedRooms ?? []) {
      const leaving = this.chat.leave(room, this.id, 'disconnected');
      if (leaving) this.track(leaving);
    }
    this.#joinedRooms?.clear();
    for (const release of this.#roomHolds?.values() ?? []) release();
    this.#roomHolds?.clear();
  }

  /** Answers a bad message; past the strike budget the connection is closed instead. */
  #reject(error: string): void {
    if (!this.#strikes.take(this.#rates.strikes, Date.now())) {
      this.close(CLOSE.abuse.code, CLOSE.abuse.reason);
      return;
    }
    this.send({ type: 'error', error });
  }
}

const TEXT_FRAME = { binary: false } as const;
