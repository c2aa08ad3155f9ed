import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { lookup } from 'mrmime';

/** Where Astro puts hashed build assets: their names change with their content, so they never go stale. */
export const HASHED_ASSETS_PREFIX = '/_astro/';

/** One stored representation of a file: its bytes and the headers sent with them. */
interface Variant {
  body: Buffer;
  headers: Record<string, string | number>;
}

/** A file as served: the plain bytes, and the brotli and gzip copies written at build time, if any. */
interface StaticFile {
  identity: Variant;
  br?: Variant;
  gzip?: Variant;
}

/**
 * Serves the built site from `dir` (dist/client) out of memory: every file is read once at
 * start-up (the whole site is a few MB), so a request costs a map lookup and one write, with no
 * file-system call. A client that accepts brotli or gzip gets the `.br`/`.gz` copy written at
 * build time (`Vary: Accept-Encoding` on every file that has one); hashed assets are cached for a
 * year as immutable, everything else revalidates by ETag. A directory path serves its
 * `index.html`. Calls `next` for anything else. (sirv indexes once too, but streams every answer
 * from disk; from memory, pages go out as fast as a bare server sends a buffer.)
 */
export function createStaticHandler(dir: string): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const files = indexFiles(dir);
  return (req, res, next) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    let path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path.includes('%')) {
      try {
        path = decodeURI(path);
      } catch {
        return next();
      }
    }
    const file = files.get(path);
    if (!file) return next();
    const variant = chooseVariant(file, req.headers['accept-encoding']);
    if (req.headers['if-none-match'] === variant.headers.ETag) {
      const { ETag, 'Cache-Control': cacheControl, Vary } = variant.headers;
      res.writeHead(304, { ETag: ETag!, 'Cache-Control': cacheControl!, ...(Vary ? { Vary } : {}) });
      res.end();
      return;
    }
    res.writeHead(200, variant.headers);
    res.end(req.method === 'HEAD' ? undefined : variant.body);
  };
}

/** Picks brotli, then gzip, then the plain file, by what the client accepts (a `;q=0` refuses). */
export function chooseVariant(file: StaticFile, acceptEncoding: string | undefined): Variant {
  if (!acceptEncoding || (!file.br && !file.gzip)) return file.identity;
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) accepted.add(name.trim());
  }
  if (file.br && accepted.has('br')) return file.br;
  if (file.gzip && accepted.has('gzip')) return file.gzip;
  return file.identity;
}

function indexFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const absolute of listFiles(dir)) {
    if (absolute.endsWith('.br') || absolute.endsWith('.gz')) continue;
    const path = '/' + relative(dir, absolute).split(sep).join('/');
    const type = contentType(path);
    const cacheControl = path.startsWith(HASHED_ASSETS_PREFIX)
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=0, must-revalidate';
    const br = readIfPresent(absolute + '.br');
    const gzip = readIfPresent(absolute + '.gz');
    const compressed = br !== undefined || gzip !== undefined;
    const variant = (body: Buffer, encoding?: string): Variant => ({
      body,
      headers: {
        'Content-Type': type,
        'Content-Length': body.byteLength,
        'Cache-Control': cacheControl,
        ETag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
        ...(compressed ? { Vary: 'Accept-Encoding' } : {}),
        ...(encoding ? { 'Content-Encoding': encoding } : {}),
      },
    });
    const file: StaticFile = {
      identity: variant(readFileSync(absolute)),
      ...(br ? { br: variant(br, 'br') } : {}),
      ...(gzip ? { gzip: variant(gzip, 'gzip') } : {}),
    };
    files.set(path, file);
    // `/websockets/` (and `/websockets`, as Astro's own handler answered) serve the directory's page.
    if (path.endsWith('/index.html')) {
      const directory = path.slice(0, -'index.html'.length);
      files.set(directory, file);
      if (directory !== '/') files.set(directory.slice(0, -1), file);
    }
  }
  return files;
}

function contentType(path: string): string {
  const type = lookup(path) ?? 'application/octet-stream';
  return type.startsWith('text/') || type === 'application/javascript' || type === 'application/json' ? `${type}; charset=utf-8` : type;
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
  });
}
