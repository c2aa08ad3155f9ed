import { z } from 'zod';
import { cursorTextSchema, topicSchema } from '../schemas.ts';
import type { RealtimeEvent, ResetNotice } from '../event.ts';

/** Messages a client sends on /api/ws, as JSON text frames. */
export const clientMessageSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('subscribe'), topic: topicSchema, since: cursorTextSchema.optional() }),
    z.object({ type: z.literal('unsubscribe'), topic: topicSchema }),
    z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }),
  ],
  { error: 'must be one of: subscribe, unsubscribe, ping' },
);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Messages the server sends on /api/ws. */
export type ServerMessage =
  | { type: 'hello'; connection: string; serverTime: number }
  | { type: 'event'; event: RealtimeEvent }
  | ({ type: 'reset' } & ResetNotice)
  | { type: 'live'; topic: string; replayed: number; cursor: string }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'pong'; id?: string; serverTime: number }
  | { type: 'error'; error: string };
