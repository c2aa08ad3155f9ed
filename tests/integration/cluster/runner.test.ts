import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../src/server/cluster/free-port.ts';

/** Whether something accepts connections on the address of `url`. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('npm run cluster', () => {
  it('starts Redis, the instances and nginx, and stops every one of them when npm itself gets SIGTERM', async () => {
    const port = await freePort();
    // Through npm, as a reader runs it: npm's shell must hand the signal on (the script execs node).
    const runner = spawn('npm', ['run', '--silent', 'cluster'], {
      env: { ...process.env, PORT: String(port), INSTANCES: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a failed test can still end everything it started (below).
      detached: true,
    });
    const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
    let output = '';
    runner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    runner.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await startThenStop();
    } finally {
      if (runner.exitCode === null) process.kill(-runner.pid!, 'SIGKILL');
    }

    async function startThenStop(): Promise<void> {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Ctrl-C stops everything')) {
        if (Date.now() > deadline || runner.exitCode !== null) throw new Error(`the cluster did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const site = `http://127.0.0.1:${port}`;
      const redis = /Redis: (redis:\/\/\S+)/.exec(output)![1]!.replace('redis:', 'http:');
      const instances = [...output.matchAll(/ {2}instance-\d+: (http:\/\/\S+)/g)].map((match) => match[1]!);
      expect(instances).toHaveLength(2);
      expect((await fetch(`${site}/api/health`)).status).toBe(200);
      for (const url of [redis, ...instances]) expect(await listening(url)).toBe(true);

      runner.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const url of [site, redis, ...instances]) expect(await listening(url), `${url} still listening`).toBe(false);
    }
  }, 90_000);
});
