import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRequest, sendThenReset, upgradeRequest } from '../../support/abrupt.ts';
import { eventually, stats } from '../../support/clients.ts';
import { RawHttpClient } from '../../support/raw-http.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket } from '../../support/ws-client.ts';

// Regression: a refused WebSocket upgrade followed at once by a TCP reset raised an unhandled
// 'error' on the raw socket and ended the process, so any visitor could take the site down.
describe('abuse: connections reset at any moment never end the server', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    // The ticker runs fast so streams, long polls and sockets have something to write when the reset lands.
    server = await startBuiltServer({ TICKER_INTERVAL_MS: '20', WS_MAX_PER_IP: '2' });
    base = server.url;
  });
  afterAll(async () => {
    await server.stop();
  });

  const answers = async (): Promise<boolean> => (await fetch(`${base}/api/time`)).status === 200;
  const everythingReleased = async (): Promise<boolean> => {
    const now = await stats(base);
    return now.sseStreams === 0 && now.longPolls === 0 && now.webSockets === 0 && Object.values(now.subscribers).every((n) => n === 0);
  };

  it.each([
    ['the blocked path', '/api/ws/blocked', undefined],
    ['an unknown path', '/api/ws/nowhere', undefined],
    ['a foreign Origin', '/api/ws', 'https://evil.example'],
  ])('survives a reset right after an upgrade refused on %s, 5 times of 5', async (_name, path, origin) => {
    for (let i = 0; i < 5; i++) await sendThenReset(base, upgradeRequest(base, path, origin ?? base));
    expect(await answers()).toBe(true);
    expect(server.process.exitCode).toBeNull();
  });

  it('survives a reset right after an upgrade refused for a client over its per-address cap', async () => {
    const held = [await RecordingWebSocket.open(base), await RecordingWebSocket.open(base)];
    for (let i = 0; i < 5; i++) await sendThenReset(base, upgradeRequest(base, '/api/ws'));
    expect(await answers()).toBe(true);
    for (const client of held) client.close();
    await eventually(everythingReleased, 5000, 'the sockets to be released');
  });

  it('survives 1,000 resets at random points of handshakes, requests, long polls and streams, and releases everything', async () => {
    const kinds = [
      () => upgradeRequest(base, '/api/ws'),
      () => upgradeRequest(base, '/api/ws/echo'),
      () => getRequest(base, '/api/time'),
      () => getRequest(base, '/short-polling/'),
      () => getRequest(base, '/api/poll?topic=ticker'),
      () => getRequest(base, '/api/long-poll?topic=notifications&timeout=5'),
      () => getRequest(base, '/api/sse?topic=ticker'),
      () => getRequest(base, '/events'),
    ];
    let done = 0;
    // Twenty at a time, each reset after 0–30 ms: before, during and after the server's answer.
    const worker = async (): Promise<void> => {
      while (done < 1000) {
        done += 1;
        const raw = kinds[Math.floor(Math.random() * kinds.length)]!();
        await sendThenReset(base, raw, Math.floor(Math.random() * 31));
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(await answers()).toBe(true);
    expect(server.process.exitCode).toBeNull();
    await eventually(everythingReleased, 10_000, 'every stream, long poll and socket to be released');
    // A client that leaves is not a server error: nothing about it belongs in the log.
    expect(server.output()).not.toMatch(/ClientAddressNotAvailable|ECONNRESET|\n\s+at /);
  });

  it('answers TRACE with 405 and the methods it allows, never a 500 with a stack trace', async () => {
    // fetch refuses to send TRACE at all, so this goes byte for byte.
    const client = new RawHttpClient(base);
    client.send(`TRACE /api/time HTTP/1.1\r\nHost: ${new URL(base).host}\r\n\r\n`);
    const answer = await client.response();
    client.socket.destroy();
    expect(answer.status).toBe(405);
    expect(answer.wire).toContain('Allow: GET, HEAD, POST, OPTIONS');
    expect(answer.body).toBe('{"error":"method TRACE is not allowed; use GET, HEAD, POST, OPTIONS"}');
  });
});
