import { roomOf, type ChatRooms } from '../../chat-room.ts';
import { isUnknownRace, RACE_TOPIC, unknownRaceError } from '../../feeds/races.ts';
import type { RealtimeEvent, ResetNotice } from '../../event.ts';
import type { Hub, Subscription } from '../../hub.ts';
import type { SubscriberHandlers } from '../../hub-subscription.ts';
import { CLOSE, type ClientMessage, type ServerMessage } from '../ws-messages.ts';
import { deliveryOf, type Delivery } from '../outbox.ts';

/** What a message handler may use of its connection. */
export interface Session {
  /** This connection's id (also the key of its presence in chat rooms). */
  readonly id: string;
  /** The client's address (rooms it may create are counted per address). */
  readonly address: string;
  readonly hub: Hub;
  readonly chat: ChatRooms;
  /** Open subscriptions by topic. */
  readonly subscriptions: Map<string, Subscription>;
  /** Rooms where this connection announced a name; it leaves them when it unsubscribes or goes away. */
  readonly joinedRooms: Set<string>;
  /** This connection's hold on each chat room it subscribed to; released on unsubscribe and close, so empty rooms are freed. */
  readonly roomHolds: Map<string, () => void>;
  /** Sends a message, subject to the outbox's backpressure rule for `delivery` (default reliable). */
  send(message: ServerMessage, delivery?: Delivery): void;
  /** Keeps work (a publish) that shutdown must wait for. */
  track(work: Promise<unknown>): void;
  /** False once the socket is closing: work that finishes later must not open subscriptions. */
  isOpen(): boolean;
  /** Closes the connection with a code and reason (the closing handshake; subscriptions are released on close). */
  close(code: number, reason: string): void;
}

/**
 * What a subscription tells its socket: events (under the topic's delivery rule), resets, going
 * live, and a backplane failure (an error, then 1013 so the client resumes elsewhere). One small
 * object per subscription, with its methods on the prototype.
 */
class TopicDelivery implements SubscriberHandlers {
  readonly #session: Session;
  readonly #topic: string;
  readonly #delivery: Delivery;

  constructor(session: Session, topic: string) {
    this.#session = session;
    this.#topic = topic;
    this.#delivery = deliveryOf(topic);
  }

  onEvent(event: RealtimeEvent): void {
    this.#session.send({ type: 'event', event }, this.#delivery);
  }

  onReset(notice: ResetNotice): void {
    this.#session.send({ type: 'reset', ...notice });
  }

  onLive(info: { replayed: number; cursor: string }): void {
    this.#session.send({ type: 'live', topic: this.#topic, ...info });
  }

  onError(): void {
    this.#session.send({
      type: 'error',
      error: `${this.#topic}: the event backplane is unreachable; reconnect shortly and resume from your cursor`,
    });
    this.#session.close(CLOSE.backplane.code, CLOSE.backplane.reason);
  }
}

type Handler<Type extends ClientMessage['type']> = (session: Session, message: Extract<ClientMessage, { type: Type }>) => void;

/** Subscribes to a topic; a race must exist first (asking the bus creates nothing, so unknown races cost nothing). */
const subscribe: Handler<'subscribe'> = (session, message) => {
  if (!RACE_TOPIC.test(message.topic)) return subscribeNow(session, message);
  session.track(
    isUnknownRace(session.hub, message.topic).then((unknown) => {
      if (!session.isOpen()) return;
      if (unknown) session.send({ type: 'error', error: unknownRaceError(message.topic) });
      else subscribeNow(session, message);
    }),
  );
};

/** Subscribes to a topic, replaying after `since`; in a chat room with a `name`, also announces the join. */
const subscribeNow: Handler<'subscribe'> = (session, { topic, since, name }) => {
  const room = roomOf(topic);
  if (room !== undefined && !session.roomHolds.has(room)) {
    const admission = session.chat.admit(room, session.address);
    if (!admission.ok) {
      session.send({ type: 'error', error: admission.error });
      return;
    }
    session.roomHolds.set(room, admission.release);
  }
  session.subscriptions.get(topic)?.close();
  const subscription = session.hub.subscribe(topic, new TopicDelivery(session, topic), since);
  session.subscriptions.set(topic, subscription);
  if (room !== undefined && name !== undefined) {
    session.joinedRooms.add(room);
    session.track(session.chat.join(room, session.id, name));
  }
};

/** Stops a subscription (and leaves the room if this connection had joined it). */
const unsubscribe: Handler<'unsubscribe'> = (session, { topic }) => {
  session.subscriptions.get(topic)?.close();
  session.subscriptions.delete(topic);
  const room = roomOf(topic);
  if (room !== undefined && session.joinedRooms.delete(room)) {
    const leaving = session.chat.leave(room, session.id, 'left');
    if (leaving) session.track(leaving);
  }
  if (room !== undefined) {
    session.roomHolds.get(room)?.();
    session.roomHolds.delete(room);
  }
  session.send({ type: 'unsubscribed', topic });
};

/**
 * Publishes a chat message under the name this connection joined the room with; everyone
 * subscribed to the room, the sender included, gets it as an event. A connection that has not
 * joined cannot post, so no one can speak in a room, or as someone, without being seen to join.
 */
const chat: Handler<'chat'> = (session, { room, text }) => {
  const name = session.chat.nameOf(room, session.id);
  if (name === undefined) {
    session.send({ type: 'error', error: `room: join chat:${room} with a name before posting to it` });
    return;
  }
  session.track(session.chat.say(room, name, text));
};

/** Answers at once, so the client can measure a round trip (the protocol's own ping is hidden from browsers). */
const ping: Handler<'ping'> = (session, { id }) => {
  session.send({ type: 'pong', id, serverTime: Date.now() });
};

/** One small handler per client message type. */
export const messageHandlers: { [Type in ClientMessage['type']]: Handler<Type> } = { subscribe, unsubscribe, chat, ping };

/** Runs the handler for `message`'s type. */
export function handleMessage(session: Session, message: ClientMessage): void {
  // TypeScript cannot tie the looked-up handler to the narrowed message; the map's type guarantees it.
  const handler = messageHandlers[message.type] as (session: Session, message: ClientMessage) => void;
  handler(session, message);
}
