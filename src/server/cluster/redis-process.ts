import { createConnection } from 'node:net';
import { startProcess, waitUntilReady, type LogLine, type ManagedProcess } from './managed-process.ts';

/** A private redis-server: loopback only, nothing persisted, its files in `dir`. */
export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  /** Ends it abruptly (SIGKILL): its data is gone, like a crash without persistence. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it (SIGTERM). */
  stop(): Promise<void>;
  /** The running process, to notice when it dies; undefined while stopped. */
  readonly process: ManagedProcess | undefined;
}

/** Sends one inline command and resolves with the first reply line (e.g. `+PONG`). */
export function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write(`${command}\r\n`));
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(2000, () => socket.destroy(new Error('redis did not answer within 2 s')));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.slice(0, reply.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });
}

/** Starts `redis-server` (from PATH) on `port` with `--save '' --appendonly no` and waits for PONG. */
export async function startRedis(options: { port: number; dir: string; log?: LogLine }): Promise<RedisProcess> {
  const { port, dir, log } = options;
  let running: ManagedProcess | undefined;
  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
    const started = startProcess({ name: 'redis', command: 'redis-server', args, log });
    running = started;
    await waitUntilReady('redis-server', started, async () => (await redisCommand(port, 'PING')) === '+PONG');
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const current = running;
    running = undefined;
    await current?.stop(signal);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => end('SIGKILL'),
    start,
    stop: () => end('SIGTERM'),
    get process() {
      return running;
    },
  };
}
