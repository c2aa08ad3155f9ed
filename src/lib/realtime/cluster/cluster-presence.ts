import type { InstanceRegistry, InstanceReport } from './instance-registry.ts';

/** How often an instance reports its counts, and how long a report outlives its instance. */
export const REPORT_INTERVAL_MS = 2000;
export const REPORT_TTL_MS = 3 * REPORT_INTERVAL_MS;

/** What `GET /api/cluster` answers: who answered, whether there are others, and everyone's counts. */
export interface ClusterView {
  /** The instance that answered this request. */
  instance: string;
  /** True when the bus is shared (Redis): other instances may exist. */
  clustered: boolean;
  /** The drain demo is on (a local `npm run cluster`). */
  demo: boolean;
  instances: InstanceReport[];
}

/** Keeps this instance's report fresh in the registry and reads everyone's. */
export class ClusterPresence {
  readonly #registry: InstanceRegistry;
  readonly #measure: () => Omit<InstanceReport, 'id' | 'reportedAt'>;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly id: string;
  readonly clustered: boolean;
  readonly demo: boolean;

  constructor(options: {
    id: string;
    registry: InstanceRegistry;
    clustered: boolean;
    demo: boolean;
    /** This instance's connection counts right now. */
    measure: () => Omit<InstanceReport, 'id' | 'reportedAt'>;
  }) {
    this.id = options.id;
    this.#registry = options.registry;
    this.#measure = options.measure;
    this.clustered = options.clustered;
    this.demo = options.demo;
    // The first report waits a tick: `measure` may read a runtime that is still being built.
    queueMicrotask(() => void this.#report());
    this.#timer = setInterval(() => void this.#report(), REPORT_INTERVAL_MS);
    this.#timer.unref();
  }

  /** True while the registry (Redis, when clustered) can be reached. */
  get reachable(): boolean {
    return this.#registry.reachable;
  }

  /** This instance's counts as of now. */
  current(): InstanceReport {
    return { id: this.id, ...this.#measure(), reportedAt: Date.now() };
  }

  /** Every live instance, this one with its counts of this very moment. Rejects when Redis is away. */
  async view(): Promise<ClusterView> {
    const others = (await this.#registry.list()).filter((report) => report.id !== this.id);
    const instances = [...others, this.current()].sort((a, b) => a.id.localeCompare(b.id));
    return { instance: this.id, clustered: this.clustered, demo: this.demo, instances };
  }

  /** Ids of the live instances (for validating a drain request). */
  async ids(): Promise<string[]> {
    return (await this.view()).instances.map((report) => report.id);
  }

  async #report(): Promise<void> {
    // A missed report (Redis away) only makes this instance disappear from the list for a while.
    await this.#registry.report(this.current(), REPORT_TTL_MS).catch(() => {});
  }

  /** Stops reporting and removes this instance from the list at once (a clean shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#registry.remove(this.id).catch(() => {});
    await this.#registry.close();
  }
}
