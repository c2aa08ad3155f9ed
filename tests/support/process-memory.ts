import { readFileSync } from 'node:fs';

/** The resident memory of process `pid`, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/**
 * RSS after the process has had `idleMs` to settle (timers fire, sockets close, the collector runs
 * on its own), as a ratio to `baseline`: the figure the abuse suite bounds. Logs both for the report.
 */
export async function rssRatioAfterIdle(pid: number, baseline: number, what: string, idleMs = 1500): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const after = rssMiB(pid);
  console.log(`${what}: RSS ${baseline.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after (${(after / baseline).toFixed(2)}×)`);
  return after / baseline;
}

/** The bound the abuse suite holds RSS to after an attack and a short idle: generous for a shared, noisy machine. */
export const RSS_MARGIN = 1.6;
