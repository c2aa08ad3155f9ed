import { z } from 'zod';

const whole = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Server settings, read from the environment; every one has a working default. */
export const configSchema = z.object({
  /** Events kept per topic for resuming clients. */
  REPLAY_LIMIT: whole(1000, 1),
  /** Ticker period in ms; 0 turns the ticker off (tests publish by hand instead). */
  TICKER_INTERVAL_MS: whole(500),
  /** Reconnect delay announced to EventSource clients, in ms. */
  SSE_RETRY_MS: whole(2000),
  /** Longest silence on an event stream before a heartbeat comment, in ms. */
  SSE_HEARTBEAT_MS: whole(15_000, 30),
  /** Open event streams (and, later, other long-lived requests) allowed per IP. */
  MAX_STREAMS_PER_IP: whole(24, 1),
  /** Publishes one IP may make in a burst, and regain per minute. */
  PUBLISH_BURST: whole(10, 1),
  PUBLISH_PER_MINUTE: whole(30, 1),
  /** Races publishing at once, over all readers; races one IP may start per minute (burst of 3). */
  RACE_MAX_ACTIVE: whole(20, 1),
  RACE_PER_MINUTE: whole(6, 1),
  /** Time between starting a race and its first event, for its lanes to connect, in ms. */
  RACE_LEAD_MS: whole(1500),
});

export type RealtimeConfig = z.infer<typeof configSchema>;

/** Reads the settings from `env`, failing loudly on a value that is not a number. */
export function readConfig(env: Record<string, string | undefined>): RealtimeConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad server settings in the environment: ${problems.join('; ')}`);
  }
  return result.data;
}
