import { configSchema } from '../config.ts';

/** This process's name in a cluster: the `INSTANCE_ID` setting (default `<host>-<pid>`), read as config.ts reads it. */
export function instanceId(env: Record<string, string | undefined> = process.env): string {
  return configSchema.shape.INSTANCE_ID.parse(env.INSTANCE_ID);
}
