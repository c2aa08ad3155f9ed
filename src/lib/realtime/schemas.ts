import { z } from 'zod';
import { RACE_TOPIC } from './feeds/races.ts';

/** Topics a client may subscribe to. */
export const TOPICS = ['ticker', 'notifications'] as const;
export type Topic = (typeof TOPICS)[number];

/** Topics a reader may publish to (the ticker is the server's own feed). */
export const PUBLISHABLE_TOPICS = ['notifications'] as const;

/** Longest notification text, in characters. */
export const MAX_NOTIFICATION_LENGTH = 280;

/** A topic to subscribe to: a standing one, or the topic of a race (`race:<id>`, from POST /api/race). */
export const topicSchema = z.string({ error: `must be one of: ${TOPICS.join(', ')}` }).check((context) => {
  const topic = context.value;
  if ((TOPICS as readonly string[]).includes(topic) || RACE_TOPIC.test(topic)) return;
  const message = topic.startsWith('race:')
    ? 'must be race:<id> with the id POST /api/race returned'
    : `must be one of: ${TOPICS.join(', ')}`;
  context.issues.push({ code: 'custom', message, input: topic });
});

/** A cursor as a client sends it; whether it is usable is the hub's call (unusable → reset). */
export const cursorTextSchema = z.string().max(64, { error: 'must be at most 64 characters' });

/** `GET /api/sse` query. */
export const sseQuerySchema = z.object({
  topic: topicSchema,
  lastEventId: cursorTextSchema.optional(),
});

/** `POST /api/publish` body. */
export const publishBodySchema = z.object({
  topic: z.enum(PUBLISHABLE_TOPICS, { error: `must be one of: ${PUBLISHABLE_TOPICS.join(', ')}` }),
  text: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(MAX_NOTIFICATION_LENGTH, { error: `must be at most ${MAX_NOTIFICATION_LENGTH} characters` }),
});

/** Events one race may publish at most: every lane must be able to replay all of them. */
export const MAX_RACE_EVENTS = 1000;

/** `POST /api/race` body: events per second and seconds; at most MAX_RACE_EVENTS events in all. */
export const raceBodySchema = z
  .object({
    ratePerSecond: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(20, { error: 'must be at most 20' }),
    durationSeconds: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(2, { error: 'must be at least 2' })
      .max(60, { error: 'must be at most 60' }),
  })
  .refine((body) => body.ratePerSecond * body.durationSeconds <= MAX_RACE_EVENTS, {
    error: `ratePerSecond × durationSeconds must be at most ${MAX_RACE_EVENTS} events`,
    path: ['durationSeconds'],
  });

/** `POST /api/sse/drop` body and `GET /api/sse/wire` query: the id from a stream's hello event. */
export const connectionSchema = z.object({
  connection: z.uuid({ error: 'must be the connection id from the hello event' }),
});

/** Parses `input`; on failure the message names the field, e.g. `topic: must be one of: ticker, notifications`. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  if (!field) return { ok: false, error: issue.code === 'invalid_type' ? 'must be a JSON object' : issue.message };
  const missing = issue.input === undefined && issue.code !== 'custom';
  return { ok: false, error: `${field}: ${missing ? 'is required' : issue.message}` };
}
