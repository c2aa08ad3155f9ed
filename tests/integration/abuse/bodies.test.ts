import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodBody, rawConnection } from '../../support/abrupt.ts';
import { stats } from '../../support/clients.ts';
import { RSS_MARGIN, rssMiB, rssRatioAfterIdle } from '../../support/process-memory.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';

const BODY_ROUTES = ['/api/publish', '/api/race', '/api/sse/drop', '/api/ws/drop', '/api/stream'];

// Regression: bodies were read whole before the size check, so eight 100 MB uploads at once took
// the server to 1 GB and left it at 632 MB. Bytes are now counted as they arrive.
describe('abuse: request bodies cannot take the server’s memory', () => {
  let server: RunningServer;
  let base: string;
  let baseline: number;

  beforeAll(async () => {
    server = await startBuiltServer();
    base = server.url;
    // Warm the paths once so the baseline includes what a first request loads.
    for (const path of BODY_ROUTES) await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
    baseline = rssMiB(server.process.pid!);
  });
  afterAll(() => server?.stop());

  it('answers eight 100 MB chunked bodies at once (to every body route) with 413 long before 100 MB went out', async () => {
    const started = Date.now();
    const floods = await Promise.all(Array.from({ length: 8 }, (_, i) => floodBody(base, BODY_ROUTES[i % BODY_ROUTES.length]!)));
    const elapsed = Date.now() - started;
    console.log(
      `8 chunked floods: answered in ${elapsed} ms, ${floods.map((flood) => (flood.sent / 1024).toFixed(0)).join(', ')} KiB sent each`,
    );
    for (const { reply, sent } of floods) {
      expect(reply).toMatch(/^HTTP\/1\.1 413 /);
      expect(reply).toContain('{"error":"body must be at most 4096 bytes"}');
      // What the kernel's buffers take before the server's answer arrives, not what it kept.
      expect(sent).toBeLessThan(32 * 1024 * 1024);
    }
    expect(elapsed).toBeLessThan(10_000);
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '8 × 100 MB chunked bodies')).toBeLessThanOrEqual(RSS_MARGIN);
  });

  it.each(BODY_ROUTES)('answers a lying Content-Length of 100 MB to %s with 413 at once and closes', async (path) => {
    const started = Date.now();
    const { socket, received, closed } = rawConnection(base);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"a":`);
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(received()).toContain('\r\nConnection: close\r\n');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps answering others, holds nothing, and stays within the memory margin afterwards', async () => {
    expect((await fetch(`${base}/api/time`)).status).toBe(200);
    const now = await stats(base);
    expect([now.sseStreams, now.longPolls, now.webSockets]).toEqual([0, 0, 0]);
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, 'after every body attack')).toBeLessThanOrEqual(RSS_MARGIN);
  });
});
