import { readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

// node:http's client sends no Accept-Encoding of its own and decodes nothing, so the bytes are as sent.
async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('static files on the built server', () => {
  let server: RunningServer;
  const page = readFileSync(new URL('../../dist/client/websockets/index.html', import.meta.url));
  const script = readdirSync(new URL('../../dist/client/_astro/', import.meta.url)).find(
    (name) => name.endsWith('.js') && name.startsWith('page.'),
  )!;
  beforeAll(async () => {
    server = await startBuiltServer();
  });
  afterAll(() => server?.stop());

  it('sends a page brotli-compressed to a client that accepts it, gzip to one that takes only gzip, plain otherwise', async () => {
    const br = await get(`${server.url}/websockets/`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect([br.status, br.headers['content-encoding'], br.headers.vary, br.headers['content-type']]).toEqual([
      200,
      'br',
      'Accept-Encoding',
      'text/html; charset=utf-8',
    ]);
    expect(brotliDecompressSync(br.body).equals(page)).toBe(true);
    expect(br.body.byteLength).toBeLessThan(page.byteLength / 3);
    const gzip = await get(`${server.url}/websockets/`, { 'Accept-Encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(page)).toBe(true);
    const plain = await get(`${server.url}/websockets/`);
    expect([plain.headers['content-encoding'], plain.headers.vary]).toEqual([undefined, 'Accept-Encoding']);
    expect(plain.body.equals(page)).toBe(true);
  });

  it('caches hashed assets for a year as immutable, and revalidates pages by ETag', async () => {
    const asset = await get(`${server.url}/_astro/${script}`, { 'Accept-Encoding': 'br' });
    expect([asset.status, asset.headers['cache-control'], asset.headers['content-encoding']]).toEqual([
      200,
      'public, max-age=31536000, immutable',
      'br',
    ]);
    const first = await get(`${server.url}/websockets/`, { 'Accept-Encoding': 'br' });
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    const again = await get(`${server.url}/websockets/`, { 'Accept-Encoding': 'br', 'If-None-Match': String(first.headers.etag) });
    expect([again.status, again.body.byteLength]).toEqual([304, 0]);
    // The plain and compressed bytes are different representations, with different tags.
    const plain = await get(`${server.url}/websockets/`);
    expect(plain.headers.etag).not.toBe(first.headers.etag);
  });

  it('leaves unknown paths to Astro (its 404 page)', async () => {
    const missing = await get(`${server.url}/no-such-page/`);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
  });
});
