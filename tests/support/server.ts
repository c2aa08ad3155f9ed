import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A server under test, reachable at `url`. */
export interface RunningServer {
  url: string;
  process: ChildProcess;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Settings that make tests deterministic: no ticker timer, generous publish limits. */
export const TEST_ENV: Record<string, string> = {
  TICKER_INTERVAL_MS: '0',
  PUBLISH_BURST: '100000',
  PUBLISH_PER_MINUTE: '6000000',
};

/** Starts the built production server (`npm run build` first) on a free port. */
export function startBuiltServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    cwd: ROOT,
    env: { ...parentEnv(), NODE_ENV: 'production', ...TEST_ENV, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForListening(child, /listening on (http:\/\/[^\s]+)/);
}

/** Starts `astro dev` on a free port. */
export async function startDevServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...parentEnv(),
      NODE_ENV: 'development',
      ...TEST_ENV,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = await waitForListening(child, /(http:\/\/127\.0\.0\.1:\d+)/);
  // The first request compiles routes on demand; make it before the tests time anything.
  await fetch(`${server.url}/api/time`);
  return server;
}

/**
 * This process's environment without Vitest's own variables: Astro's dev server skips its
 * request handling when it sees VITEST (it assumes it runs inside a Vitest process).
 */
function parentEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'TEST'));
}

function waitForListening(child: ChildProcess, pattern: RegExp): Promise<RunningServer> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!.replace(/\/$/, ''),
        process: child,
        output: () => output,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill(signal);
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

/** A port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
