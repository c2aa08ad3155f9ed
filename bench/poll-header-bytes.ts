/**
 * Measures the header bytes one poll costs on the wire: a real Chromium runs `fetch()` against the
 * built server through a byte-counting TCP proxy, and the request and response header blocks are
 * counted exactly as they crossed. The scale calculator's default "header bytes per request" comes
 * from this (src/lib/scale/defaults.ts). Run `npm run build` first, then:
 *   node bench/poll-header-bytes.ts [path=/api/time] [requests=20]
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { chromium } from '@playwright/test';
import { startBuiltServer } from '../tests/support/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.ts';

const path = process.argv[2] ?? '/api/time';
const requests = Number(process.argv[3] ?? 20);

const server = await startBuiltServer();
const upstream = new URL(server.url);
const toServer: Buffer[] = [];
const toBrowser: Buffer[] = [];
const sockets = new Set<Socket>();

// Every byte each side writes is copied into toServer / toBrowser before it is forwarded.
const proxy = createServer((browserSide) => {
  const serverSide = connect(Number(upstream.port), upstream.hostname);
  sockets.add(browserSide).add(serverSide);
  browserSide.on('data', (chunk: Buffer) => {
    toServer.push(chunk);
    serverSide.write(chunk);
  });
  serverSide.on('data', (chunk: Buffer) => {
    toBrowser.push(chunk);
    browserSide.write(chunk);
  });
  browserSide.on('close', () => serverSide.destroy());
  serverSide.on('close', () => browserSide.destroy());
  browserSide.on('error', () => serverSide.destroy());
  serverSide.on('error', () => browserSide.destroy());
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  // From the short-polling page, as its widget polls: an API answer's own policy (default-src 'none')
  // would block the fetches, and the page's path is part of every request (Referer).
  await page.goto(`${proxyUrl}/short-polling/`, { waitUntil: 'networkidle' });
  toServer.length = 0;
  toBrowser.length = 0;
  await page.evaluate(
    async ({ path, requests }) => {
      for (let i = 0; i < requests; i++) await (await fetch(path, { cache: 'no-store' })).text();
    },
    { path, requests },
  );
  const requestHeads = headBlocks(Buffer.concat(toServer).toString('latin1'), /^(GET|POST) /gm);
  // Not anchored to a line start: a Content-Length body ends without a newline, right before the next status line.
  const responseHeads = headBlocks(Buffer.concat(toBrowser).toString('latin1'), /HTTP\/1\.1 \d{3} /g);
  if (requestHeads.length !== requests || responseHeads.length !== requests) {
    throw new Error(`expected ${requests} exchanges, saw ${requestHeads.length} requests and ${responseHeads.length} responses`);
  }
  const request = median(requestHeads.map((head) => head.length));
  const response = median(responseHeads.map((head) => head.length));
  console.log(`GET ${path} from ${browser.version()}, ${requests} requests (median bytes, header blocks incl. blank line)`);
  console.log(`request headers:  ${request}`);
  console.log(`response headers: ${response}`);
  console.log(`per request:      ${request + response}`);
  console.log('\nexample request head:\n' + requestHeads[0]);
  console.log('example response head:\n' + responseHeads[0]);
} finally {
  await browser.close();
  for (const socket of sockets) socket.destroy();
  proxy.close();
  await server.stop();
}

/** The header blocks (start line to the blank line, inclusive) of every message that starts with `start`. */
function headBlocks(stream: string, start: RegExp): string[] {
  const heads: string[] = [];
  for (const match of stream.matchAll(start)) {
    const end = stream.indexOf('\r\n\r\n', match.index);
    if (end !== -1) heads.push(stream.slice(match.index, end + 4));
  }
  return heads;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
