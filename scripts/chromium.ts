/**
 * How every tool here starts Debian's Chromium: the Playwright tests, `npm run lighthouse`, the
 * screenshot script and the header-bytes benchmark. One list, so a flag added for one is there for all.
 */

/** The browser binary: `CHROMIUM_PATH`, default `/usr/bin/chromium` (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Command-line flags for a headless run on a machine without outside network: without the last five
 * Chromium keeps trying to reach Google (updates, sync, QUIC probes), which adds noise to timings.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
