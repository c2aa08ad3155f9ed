/**
 * `npm run cluster`: a private redis-server (unless REDIS_URL is set), INSTANCES (default 3) server
 * instances and nginx in front on PORT (default 8080), with the drain demo on. Ctrl-C or SIGTERM
 * stops everything it started. Run `npm run build` first.
 */
import { startCluster } from '../src/server/cluster/cluster.ts';

const instances = Number(process.env.INSTANCES ?? 3);
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(instances) || instances < 1) throw new Error(`INSTANCES must be a whole number ≥ 1, not ${process.env.INSTANCES}`);

// The instances get their own PORT, HOST and INSTANCE_ID; these are the runner's.
const env: Record<string, string> = {};
for (const [name, value] of Object.entries(process.env)) {
  if (value !== undefined && !['PORT', 'HOST', 'INSTANCES', 'INSTANCE_ID'].includes(name)) env[name] = value;
}

const cluster = await startCluster({
  instances,
  port,
  redisUrl: process.env.REDIS_URL || undefined,
  env,
  demo: true,
  log: (line) => console.log(line),
  onUnexpectedExit: (name, how) => console.error(`[cluster] ${name} stopped unexpectedly (${how})`),
});

console.log(`\nRealtime Lab cluster: ${cluster.url}/`);
console.log(`  Redis: ${cluster.redisUrl}${cluster.redis ? ' (private, nothing saved)' : ''}`);
for (const instance of cluster.instances) console.log(`  ${instance.id}: ${instance.url}`);
console.log('Ctrl-C stops everything.\n');

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping nginx, the instances and Redis`);
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
