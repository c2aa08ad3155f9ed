import { readFileSync } from 'node:fs';

/** The resident memory of process `pid`, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/**
 * RSS after the process has had `idleMs` to settle (timers fire, sockets close, the collector runs
 * on its own), as a ratio to `baseline`: the figure the abuse suite bounds. Logs both for the report.
 * While the ratio is above RSS_MARGIN it looks again for up to `settleMs`: V8 gives heap back to the
 * system some seconds after a burst of allocation, and a loaded machine delays that further; memory
 * that is really held (a leak) stays above the margin however long one waits.
 */
export async function rssRatioAfterIdle(pid: number, baseline: number, what: string, idleMs = 1500, settleMs = 15_000): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const deadline = Date.now() + settleMs;
  let after = rssMiB(pid);
  while (after / baseline > RSS_MARGIN && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    after = rssMiB(pid);
  }
  console.log(`${what}: RSS ${baseline.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after (${(after / baseline).toFixed(2)}×)`);
  return after / baseline;
}

/** The bound the abuse suite holds RSS to after an attack and a short idle: generous for a shared, noisy machine. */
export const RSS_MARGIN = 1.6;
