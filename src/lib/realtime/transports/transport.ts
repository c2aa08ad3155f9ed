import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Route } from '../http/api.ts';

/** An HTTP upgrade path (a WebSocket endpoint) and what takes the socket. */
export interface UpgradeRoute {
  path: string;
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * One transport as a unit: the routes it serves, what it holds open, and how it lets go. Adding a
 * transport means a folder that exports one of these, its registration in runtime.ts, and its tests.
 */
export interface Transport {
  /** A stable id, e.g. `sse`. */
  readonly name: string;
  readonly routes: readonly Route[];
  readonly upgrades?: readonly UpgradeRoute[];
  /** Figures for /api/stats, merged into its body (keep the keys distinct across transports). */
  stats(): Record<string, unknown>;
  /** Ends everything it holds open so clients move on (shutdown); resolves once done, within `graceMs`. */
  close(graceMs: number): Promise<void>;
}
