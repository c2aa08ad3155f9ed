import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { startProcess, waitUntilReady, type LogLine, type ManagedProcess } from './managed-process.ts';
import { detectNginx, renderNginxConfig } from './nginx-config.ts';
import { startRedis, type RedisProcess } from './redis-process.ts';
import { isDrainRequest } from '../../lib/realtime/cluster/drain-message.ts';
import { SERVER_NODE_FLAGS } from '../node-flags.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How to start a local cluster: Redis, N instances of src/server/main.ts, nginx in front. */
export interface ClusterOptions {
  /** Server instances (default 3). */
  instances?: number;
  /** nginx's port (default: a free one). */
  port?: number;
  /** Use this Redis instead of starting a private one. */
  redisUrl?: string;
  /** Extra environment for every instance (e.g. `TICKER_INTERVAL_MS: '0'` in tests). */
  env?: Record<string, string>;
  /** Let instances drain each other through the runner (`CLUSTER_DEMO=1`): a drained instance is restarted. */
  demo?: boolean;
  /** Where output lines of every child go; nowhere by default. */
  log?: LogLine;
  /** Told when a child ends that nobody asked to stop (a crash, a kill -9). */
  onUnexpectedExit?: (name: string, how: string) => void;
}

/** One server instance of the cluster. */
export interface ClusterInstance {
  readonly id: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>`, to reach it without nginx. */
  readonly url: string;
  /** The running process; replaced when the instance is restarted. */
  readonly process: ManagedProcess;
  /** Sends `signal` (SIGTERM drains, SIGKILL crashes) and waits for the exit; it is not restarted. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  restart(): Promise<void>;
}

/** A running cluster, and how to take it apart. */
export interface Cluster {
  /** nginx's URL: the site as readers see it. */
  readonly url: string;
  readonly instances: ClusterInstance[];
  /** The private Redis, when the cluster started one. */
  readonly redis: RedisProcess | undefined;
  readonly redisUrl: string;
  /** Stops nginx, the instances and Redis (in that order) and removes the temp directory. */
  stop(): Promise<void>;
}

const mainEntry = join(projectRoot, 'src/server/main.ts');

/** Starts Redis (unless `redisUrl`), the instances and nginx, each ready before it returns. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? 3;
  const log = options.log;
  const dir = await mkdtemp(join(tmpdir(), 'realtime-cluster-'));
  let stopping = false;
  const tellUnexpected = (name: string, ended: { code: number | null; signal: NodeJS.Signals | null }) => {
    if (stopping) return;
    const how = ended.signal ? `killed by ${ended.signal}` : `exited with code ${ended.code}`;
    options.onUnexpectedExit?.(name, how);
  };

  let redis: RedisProcess | undefined;
  let redisUrl = options.redisUrl;
  if (!redisUrl) {
    const redisDir = join(dir, 'redis');
    await mkdir(redisDir);
    redis = await startRedis({ port: await freePort(), dir: redisDir, log });
    redisUrl = redis.url;
    void redis.process?.exited.then((ended) => tellUnexpected('redis', ended));
  }

  const instances: ClusterInstance[] = [];
  const byId = new Map<string, ClusterInstance>();
  const drainRequested = new Set<string>();
  const everyProcess: ManagedProcess[] = [];

  const makeInstance = async (id: string): Promise<ClusterInstance> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let current: ManagedProcess;
    const killing = new Set<string>();
    const launch = async (): Promise<void> => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...options.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        INSTANCE_ID: id,
        REDIS_URL: redisUrl,
        TRUST_PROXY: '127.0.0.1',
        CLUSTER_DEMO: options.demo ? '1' : '',
      };
      const started = startProcess({
        name: id,
        command: process.execPath,
        args: [...SERVER_NODE_FLAGS, mainEntry],
        env,
        ipc: options.demo,
        log,
      });
      current = started;
      everyProcess.push(started);
      started.child.on('message', (message: unknown) => {
        if (!isDrainRequest(message)) return;
        const target = byId.get(message.instance);
        if (!target || drainRequested.has(target.id)) return;
        drainRequested.add(target.id);
        log?.(`[cluster] draining ${target.id} (SIGTERM); it restarts when it has exited`);
        target.process.child.kill('SIGTERM');
      });
      void started.exited.then(async (ended) => {
        if (current !== started) return;
        if (drainRequested.delete(id)) {
          if (stopping) return;
          log?.(`[cluster] ${id} drained; starting it again`);
          await launch().catch((error: unknown) => log?.(`[cluster] ${id} did not restart: ${String(error)}`));
          return;
        }
        if (!killing.has(id)) tellUnexpected(id, ended);
      });
      await waitUntilReady(id, started, async () => (await fetch(`${url}/api/time`)).ok);
    };
    await launch();
    return {
      id,
      port,
      url,
      get process() {
        return current;
      },
      async kill(signal) {
        killing.add(id);
        await current.stop(signal);
        killing.delete(id);
      },
      restart: launch,
    };
  };

  try {
    const started = await Promise.all(Array.from({ length: count }, (_, index) => makeInstance(`instance-${index + 1}`)));
    for (const instance of started) {
      instances.push(instance);
      byId.set(instance.id, instance);
    }
  } catch (error) {
    stopping = true;
    await Promise.all(everyProcess.map((started) => started.stop()));
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const port = options.port ?? (await freePort());
  const nginxDir = join(dir, 'nginx');
  await mkdir(nginxDir);
  const template = await readFile(join(projectRoot, 'deploy/nginx.conf'), 'utf8');
  const machine = detectNginx();
  const config = renderNginxConfig(template, {
    port,
    upstreams: instances.map((instance) => `127.0.0.1:${instance.port}`),
    staticRoot: join(projectRoot, 'dist/client'),
    prefix: nginxDir,
    mimeTypes: machine.mimeTypes,
    brotliModule: machine.brotliModule,
    userRoot: process.getuid?.() === 0,
  });
  const configPath = join(nginxDir, 'nginx.conf');
  await writeFile(configPath, config);
  const nginx = startProcess({
    name: 'nginx',
    command: 'nginx',
    args: ['-c', configPath, '-p', nginxDir, '-e', join(nginxDir, 'error.log'), '-g', 'daemon off;'],
    log,
  });
  void nginx.exited.then((ended) => tellUnexpected('nginx', ended));
  const url = `http://127.0.0.1:${port}`;
  const stopAll = async (): Promise<void> => {
    stopping = true;
    await nginx.stop('SIGQUIT');
    await Promise.all(instances.map((instance) => instance.process.stop('SIGTERM')));
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady('nginx', nginx, async () => (await fetch(`${url}/api/time`)).ok);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { url, instances, redis, redisUrl, stop: stopAll };
}
