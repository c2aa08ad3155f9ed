import { readFileSync } from 'node:fs';

/** File descriptors kept back for everything that is not a client connection (files, Redis, logs, short requests). */
const RESERVED_DESCRIPTORS = 256;
/** What we assume when the limit cannot be read (not Linux): a common default soft limit. */
const FALLBACK_LIMIT = 1024;

/** Parses the soft "Max open files" limit out of the text of /proc/self/limits; undefined when absent or unlimited. */
export function parseOpenFilesLimit(limitsText: string): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText);
  if (!match || match[1] === 'unlimited') return undefined;
  return Number(match[1]);
}

/** This process's soft limit on open files (Node has no getrlimit; Linux shows it in /proc). */
export function openFilesLimit(): number {
  try {
    return parseOpenFilesLimit(readFileSync('/proc/self/limits', 'utf8')) ?? FALLBACK_LIMIT;
  } catch {
    return FALLBACK_LIMIT;
  }
}

/**
 * The default process-wide cap for each long-lived transport (event streams, held long polls,
 * WebSockets): the descriptors left after a reserve, split evenly between the three, so that even
 * all three full at once cannot exhaust the process's descriptors (at least 16 each).
 */
export function defaultConnectionCap(limit = openFilesLimit()): number {
  return Math.max(16, Math.floor((limit - RESERVED_DESCRIPTORS) / 3));
}
