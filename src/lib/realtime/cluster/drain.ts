import { z } from 'zod';
import type { DrainRequest } from './drain-message.ts';

/** `POST /api/cluster/drain` body: the id of one instance of this cluster. */
export const drainSchema = z.strictObject({
  instance: z.string().regex(/^[\w.-]{1,64}$/, { error: 'must be an instance id like "instance-2"' }),
});

/**
 * Asks the runner that started this process (`npm run cluster`, over its IPC channel) to send
 * SIGTERM to one of its instances. Only a process started by the runner has that channel, and
 * the runner only signals processes it started, so nothing else can be stopped this way.
 * False when there is no runner to ask.
 */
export function requestDrain(instance: string): boolean {
  if (typeof process.send !== 'function' || !process.connected) return false;
  const message: DrainRequest = { type: 'drain', instance };
  process.send(message);
  return true;
}
