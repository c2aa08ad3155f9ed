import { z } from 'zod';
import { chatNameSchema, chatTextSchema, roomOf, roomSchema } from '../chat-room.ts';
import { cursorTextSchema, topicSchema, TOPICS } from '../schemas.ts';
import type { RealtimeEvent, ResetNotice } from '../event.ts';

/** Largest message a client may send on /api/ws or /api/ws/echo, in bytes; ws closes with 1009 past it. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** The client message types, in the order the page documents them. */
export const CLIENT_MESSAGE_TYPES = ['subscribe', 'unsubscribe', 'chat', 'ping'] as const;

const TOPIC_RULE = `must be ${TOPICS.join(', ')}, race:<id> or chat:<room> (room: 1 to 32 characters of a-z, 0-9 and -)`;

/** A topic on /api/ws: any topic the other transports serve (feeds, races), or a chat room `chat:<room>`. */
export const wsTopicSchema = z.string({ error: 'must be a string' }).check((context) => {
  const topic = context.value;
  if (roomOf(topic) !== undefined) return;
  const feed = topicSchema.safeParse(topic);
  if (feed.success) return;
  // A malformed race id gets the race schema's own explanation.
  const message = topic.startsWith('race:') ? feed.error.issues[0]!.message : TOPIC_RULE;
  context.issues.push({ code: 'custom', message, input: topic });
});

const subscribeSchema = z
  .object({
    type: z.literal('subscribe'),
    topic: wsTopicSchema,
    /** Replay the events after this cursor first; an unusable one is answered with a reset. */
    since: cursorTextSchema.optional(),
    /** In a chat room: announce this name to the room (join), and "leave" when unsubscribing or gone. */
    name: chatNameSchema.optional(),
  })
  .refine((message) => message.name === undefined || roomOf(message.topic) !== undefined, {
    error: 'only chat topics take a name',
    path: ['name'],
  });

/** Messages a client sends on /api/ws, as JSON text frames. */
export const clientMessageSchema = z.discriminatedUnion(
  'type',
  [
    subscribeSchema,
    z.object({ type: z.literal('unsubscribe'), topic: wsTopicSchema }),
    // The name is the one the connection joined with; a `name` field here is ignored.
    z.object({ type: z.literal('chat'), room: roomSchema, text: chatTextSchema }),
    z.object({
      type: z.literal('ping'),
      id: z.string({ error: 'must be a string' }).max(64, { error: 'must be at most 64 characters' }).optional(),
    }),
  ],
  { error: `must be one of: ${CLIENT_MESSAGE_TYPES.join(', ')}` },
);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Messages the server sends on /api/ws. Chat messages, joins and leaves arrive as `event`s of a chat topic. */
export type ServerMessage =
  | { type: 'hello'; connection: string; instance: string; serverTime: number }
  | { type: 'event'; event: RealtimeEvent }
  | ({ type: 'reset' } & ResetNotice)
  | { type: 'live'; topic: string; replayed: number; cursor: string }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'pong'; id?: string; serverTime: number }
  | { type: 'error'; error: string };

/** Close codes the server uses, with the reason text it sends (RFC 6455 §7.4.1; a reason is at most 123 bytes). */
export const CLOSE = {
  /** Server going away: shutdown. */
  goingAway: { code: 1001, reason: 'server shutting down' },
  /** Binary frame where only JSON text is understood. */
  binary: { code: 1003, reason: 'binary frames are not supported; send text' },
  /** Too many bad or too many messages. */
  abuse: { code: 1008, reason: 'too many invalid or rate-limited messages' },
  /** A handler failed: the server's fault. */
  internal: { code: 1011, reason: 'internal error; reconnect' },
  /** The backplane (Redis) is away: reconnect shortly, perhaps to another instance, and resume (1013 Try Again Later, IANA registry). */
  backplane: { code: 1013, reason: 'the event backplane is unreachable; reconnect shortly and resume from your cursor' },
  /** The reader is too slow for a stream that must not lose messages. */
  slowReader: { code: 1013, reason: 'you are reading too slowly; reconnect and resume from your cursor' },
} as const;
