/** Bytes of one request/response exchange, as counted on the server's socket. */
export interface WireBytes {
  /** Request line + headers + body the server read. */
  received: number;
  /** Status line + headers + body the server wrote. */
  sent: number;
}

/** Totals for a group of requests. */
export interface ByteTotals extends WireBytes {
  requests: number;
}

/** What a session's requests have cost so far, open ones included. */
export interface SessionUsage extends ByteTotals {
  session: string;
  /** Requests still in progress (a held long poll, an open stream); their bytes so far are included. */
  open: number;
  /** The same totals per route (path), at most `maxRoutesPerSession` of them; the rest under `other`. */
  routes: Record<string, ByteTotals>;
}

/** Options for the usage store. */
export interface UsageStoreOptions {
  /** Sessions kept; past it the least recently active one is forgotten. Default 5000. */
  maxSessions?: number;
  /** A session idle this long is forgotten, in ms. Default 30 minutes. */
  idleMs?: number;
  /** Routes tracked separately per session. Default 8. */
  maxRoutesPerSession?: number;
  /** Clock in ms; tests pass a fake one. Default Date.now. */
  now?: () => number;
}

/** Reads the bytes an open exchange has moved so far. */
export type WireProbe = () => WireBytes;

interface SessionRecord {
  done: ByteTotals;
  routes: Map<string, ByteTotals>;
  open: Set<{ route: string; probe: WireProbe }>;
  lastActive: number;
}

/** Route name for requests past the per-session route limit. */
export const OTHER_ROUTE = 'other';

/**
 * Bytes on the wire per widget session, bounded in memory: a session is forgotten when it has been
 * idle for `idleMs`, or when it is the least recently active one and the store is full.
 */
export class UsageStore {
  readonly #maxSessions: number;
  readonly #idleMs: number;
  readonly #maxRoutes: number;
  readonly #now: () => number;
  // Kept in order of last activity (re-inserted on every touch), so the oldest are first.
  readonly #sessions = new Map<string, SessionRecord>();

  constructor(options: UsageStoreOptions = {}) {
    this.#maxSessions = options.maxSessions ?? 5000;
    this.#idleMs = options.idleMs ?? 30 * 60_000;
    this.#maxRoutes = options.maxRoutesPerSession ?? 8;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Starts counting one request: it counts as a request now, and its bytes (read through `probe`
   * while it is open) are included in snapshots. Returns the function that ends it with its final
   * bytes; calling that again does nothing.
   */
  begin(session: string, route: string, probe: WireProbe): (final: WireBytes) => void {
    const record = this.#touch(session);
    const name = this.#routeName(record, route);
    const open = { route: name, probe };
    record.open.add(open);
    addTo(record.done, { requests: 1, received: 0, sent: 0 });
    addTo(this.#routeTotals(record, name), { requests: 1, received: 0, sent: 0 });
    let ended = false;
    return (final) => {
      if (ended) return;
      ended = true;
      record.open.delete(open);
      // The session may have been evicted meanwhile; the request then counts in a fresh record.
      const stillKept = this.#sessions.get(session) === record;
      if (stillKept) record.lastActive = this.#now();
      const current = this.#touch(session);
      const bytes = { requests: stillKept ? 0 : 1, ...final };
      addTo(current.done, bytes);
      addTo(this.#routeTotals(current, stillKept ? name : this.#routeName(current, route)), bytes);
    };
  }

  /** Records one finished exchange. */
  add(session: string, route: string, bytes: WireBytes): void {
    this.begin(session, route, () => bytes)(bytes);
  }

  /** The session's totals including its open requests, or undefined if the store knows nothing of it. */
  snapshot(session: string): SessionUsage | undefined {
    const record = this.#sessions.get(session);
    if (!record || this.#isIdle(record)) return undefined;
    const total = { ...record.done };
    const routes = new Map([...record.routes].map(([name, totals]) => [name, { ...totals }]));
    for (const { route, probe } of record.open) {
      const bytes = probe();
      addTo(total, { requests: 0, ...bytes });
      addTo(routes.get(route)!, { requests: 0, ...bytes });
    }
    return { session, ...total, open: record.open.size, routes: Object.fromEntries(routes) };
  }

  /** Sessions currently kept. */
  get size(): number {
    return this.#sessions.size;
  }

  #touch(session: string): SessionRecord {
    const now = this.#now();
    let record = this.#sessions.get(session);
    if (record && this.#isIdle(record)) record = undefined;
    this.#sessions.delete(session);
    record ??= { done: { requests: 0, received: 0, sent: 0 }, routes: new Map(), open: new Set(), lastActive: now };
    record.lastActive = now;
    this.#sessions.set(session, record);
    this.#evict();
    return record;
  }

  #evict(): void {
    for (const [session, record] of this.#sessions) {
      const full = this.#sessions.size > this.#maxSessions;
      if (!full && !this.#isIdle(record)) break;
      this.#sessions.delete(session);
    }
  }

  #isIdle(record: SessionRecord): boolean {
    return record.open.size === 0 && this.#now() - record.lastActive >= this.#idleMs;
  }

  #routeName(record: SessionRecord, route: string): string {
    return record.routes.has(route) || record.routes.size < this.#maxRoutes - 1 ? route : OTHER_ROUTE;
  }

  #routeTotals(record: SessionRecord, name: string): ByteTotals {
    let totals = record.routes.get(name);
    if (!totals) {
      totals = { requests: 0, received: 0, sent: 0 };
      record.routes.set(name, totals);
    }
    return totals;
  }
}

function addTo(totals: ByteTotals, more: ByteTotals): void {
  totals.requests += more.requests;
  totals.received += more.received;
  totals.sent += more.sent;
}
