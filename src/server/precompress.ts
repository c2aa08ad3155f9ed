import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** File types worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|xml|txt|map|webmanifest)$/;

/**
 * After `astro build`, writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy next
 * to every text file of the client build, so the server sends compressed pages, scripts and styles
 * without spending CPU per request. A copy that would not be smaller is not written.
 */
export function precompress(): AstroIntegration {
  return {
    name: 'realtime-lab:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = (await listFiles(root)).filter((file) => COMPRESSIBLE.test(file));
        let written = 0;
        let saved = 0;
        for (const file of files) {
          const content = await readFile(file);
          const [br, gz] = await Promise.all([
            brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength } }),
            gzipAsync(content, { level: 9 }),
          ]);
          for (const [suffix, packed] of [
            ['.br', br],
            ['.gz', gz],
          ] as const) {
            if (packed.byteLength >= content.byteLength) continue;
            await writeFile(file + suffix, packed);
            written += 1;
          }
          saved += content.byteLength - br.byteLength;
        }
        logger.info(`${written} compressed copies of ${files.length} text files; brotli saves ${(saved / 1024).toFixed(0)} KiB`);
      },
    },
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      return (await stat(path)).isFile() ? [path] : [];
    }),
  );
  return nested.flat();
}
