import { createClient } from '@redis/client';
import type { InstanceRegistry, InstanceReport } from './instance-registry.ts';

/** The one hash holding every instance's report: field = instance id, value = JSON with an expiry. */
export const INSTANCES_KEY = 'realtime-lab:instances';

type Stored = InstanceReport & { expires: number };

/**
 * Reports kept in one Redis hash. Each value carries its own expiry (a field of a hash has no TTL
 * before Redis 7.4), and readers drop the expired ones, so a dead instance vanishes within one TTL.
 */
export class RedisInstanceRegistry implements InstanceRegistry {
  readonly #client;

  constructor(url: string) {
    this.#client = createClient({
      url,
      disableOfflineQueue: true,
      commandOptions: { timeout: 1000 },
      socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
    });
    // Without an 'error' listener the client would throw and end the process; list() reports the failure.
    this.#client.on('error', () => {});
    this.#client.connect().catch(() => {});
  }

  /** True while the connection to Redis is ready. */
  get reachable(): boolean {
    return this.#client.isReady;
  }

  async report(report: InstanceReport, ttlMs: number): Promise<void> {
    const stored: Stored = { ...report, expires: Date.now() + ttlMs };
    await this.#client.hSet(INSTANCES_KEY, report.id, JSON.stringify(stored));
  }

  async list(): Promise<InstanceReport[]> {
    const all = await this.#client.hGetAll(INSTANCES_KEY);
    const now = Date.now();
    const live: InstanceReport[] = [];
    const expired: string[] = [];
    for (const [id, text] of Object.entries(all)) {
      const { expires, ...report } = JSON.parse(String(text)) as Stored;
      if (expires > now) live.push(report);
      else expired.push(id);
    }
    if (expired.length > 0) await this.#client.hDel(INSTANCES_KEY, expired);
    return live.sort((a, b) => a.id.localeCompare(b.id));
  }

  async remove(id: string): Promise<void> {
    await this.#client.hDel(INSTANCES_KEY, id);
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.quit().catch(() => this.#client.destroy());
  }
}
