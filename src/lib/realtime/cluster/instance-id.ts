import { hostname } from 'node:os';

/** This process's name in a cluster: `INSTANCE_ID`, or `<host>-<pid>` when it is not set. */
export function instanceId(env: Record<string, string | undefined> = process.env): string {
  return env.INSTANCE_ID || `${hostname()}-${process.pid}`;
}
