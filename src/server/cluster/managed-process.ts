import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Where a child's output lines go (prefixed with its name), or nowhere. */
export type LogLine = (line: string) => void;

/** How to start one child process of the cluster. */
export interface ProcessSpec {
  /** Shown before each of its output lines, e.g. `instance-2`. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Open an IPC channel (Node children only): instances use it to ask the runner to drain one of them. */
  ipc?: boolean;
  log?: LogLine;
}

/** A started child: its process, and a promise of how it ended. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once the process has exited. */
  readonly done: boolean;
  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs` if it is still running. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Starts a child process whose output lines are passed to `log` with its name in front. */
export function startProcess(spec: ProcessSpec): ManagedProcess {
  const options: SpawnOptions = {
    env: spec.env ?? process.env,
    stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  };
  const child = spawn(spec.command, spec.args, options);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => spec.log?.(`[${spec.name}] ${line}`));
  }
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      spec.log?.(`[${spec.name}] could not start: ${error.message}`);
      done = true;
      resolve({ code: -1, signal: null });
    });
  });
  return {
    child,
    exited,
    get done() {
      return done;
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (done) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Calls `probe` every 50 ms until it resolves true; fails when `process` exits first or after `timeoutMs`. */
export async function waitUntilReady(
  name: string,
  process: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.done) throw new Error(`${name} exited while starting`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
