import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/** Where Astro puts hashed build assets: their names change with their content, so they never go stale. */
export const HASHED_ASSETS_PREFIX = '/_astro/';

/**
 * Serves the built site from `dir` (dist/client). The file list is read once, at start-up, so a
 * request costs no file-system lookup. A client that accepts brotli or gzip gets the `.br`/`.gz`
 * file written at build time (with `Vary: Accept-Encoding`); hashed assets are cached for a year
 * as immutable, everything else revalidates (ETag). Calls `next` for anything not on disk.
 */
export function createStaticHandler(dir: string): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return sirv(dir, {
    dev: false,
    etag: true,
    brotli: true,
    gzip: true,
    extensions: ['html'],
    setHeaders(res, pathname) {
      res.setHeader(
        'Cache-Control',
        pathname.startsWith(HASHED_ASSETS_PREFIX) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      );
    },
  });
}
