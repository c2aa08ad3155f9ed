/** What each instance tells the others about itself. */
export interface InstanceReport {
  id: string;
  sseStreams: number;
  webSockets: number;
  longPolls: number;
  /** Server time of the report, ms. */
  reportedAt: number;
}

/**
 * Where instances report their connection counts so any of them can answer for all (a reader behind
 * a proxy reaches one instance at a time). Rules:
 * - `report` MUST replace the previous report of the same id; a report MUST disappear `ttlMs` after
 *   it was made unless renewed (an instance that died is forgotten, without anyone cleaning up).
 * - `list` MUST return the live reports, sorted by id; it MUST fail (reject) when the store cannot
 *   be reached, never answer an empty list instead.
 * - `remove` drops a report at once (an instance shutting down cleanly).
 */
export interface InstanceRegistry {
  /** False while the store cannot be reached. */
  readonly reachable: boolean;
  report(report: InstanceReport, ttlMs: number): Promise<void>;
  list(): Promise<InstanceReport[]>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}

/** A registry for one process: it only ever holds this instance. */
export class MemoryInstanceRegistry implements InstanceRegistry {
  #reports = new Map<string, { report: InstanceReport; expires: number }>();
  readonly reachable = true;

  async report(report: InstanceReport, ttlMs: number): Promise<void> {
    this.#reports.set(report.id, { report, expires: Date.now() + ttlMs });
  }

  async list(): Promise<InstanceReport[]> {
    const now = Date.now();
    return [...this.#reports.values()]
      .filter((entry) => entry.expires > now)
      .map((entry) => entry.report)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async remove(id: string): Promise<void> {
    this.#reports.delete(id);
  }

  async close(): Promise<void> {}
}
