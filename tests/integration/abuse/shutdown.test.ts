import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawConnection } from '../../support/abrupt.ts';
import { eventually, stats } from '../../support/clients.ts';
import { RawHttpClient, type RawResponse } from '../../support/raw-http.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket } from '../../support/ws-client.ts';

const GRACE_MS = 3000;

/** How a held long poll ended: its answer, or the error its connection died with. */
type PollEnding = { status: number; retryAfter: string | null } | { error: string };

describe('abuse: SIGTERM drains every transport within the grace', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({ SHUTDOWN_GRACE_MS: String(GRACE_MS), TICKER_INTERVAL_MS: '200' });
    base = server.url;
  });
  afterAll(() => server?.stop('SIGKILL'));

  it('answers held long polls, closes WebSockets with 1001, ends streams, says Connection: close, and exits within grace + 2 s despite a slow upload', async () => {
    const polls: Array<Promise<PollEnding>> = Array.from({ length: 20 }, () =>
      fetch(`${base}/api/long-poll?topic=notifications&timeout=30`).then(
        async (response) => {
          await response.arrayBuffer();
          return { status: response.status, retryAfter: response.headers.get('retry-after') };
        },
        (error: Error) => ({ error: String((error.cause as Error | undefined)?.message ?? error.message) }),
      ),
    );
    const sockets = await Promise.all(Array.from({ length: 10 }, () => RecordingWebSocket.open(base)));
    const streams = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/api/sse?topic=ticker`)));
    const streamEndings = streams.map(async (response) => {
      const reader = response.body!.getReader();
      try {
        while (!(await reader.read()).done);
        return 'ended';
      } catch (error) {
        return `failed: ${(error as Error).message}`;
      }
    });
    // A keep-alive connection with a long poll in flight: its answer must tell the client to go elsewhere.
    const keepAlive = new RawHttpClient(base);
    keepAlive.send(RawHttpClient.get('/api/time', new URL(base).host));
    await keepAlive.response();
    keepAlive.send(RawHttpClient.get('/api/long-poll?topic=notifications&timeout=30', new URL(base).host));
    const keepAliveAnswer: Promise<RawResponse | string> = keepAlive.response().catch((error: Error) => error.message);
    // A slow upload: a publish whose 1,000-byte body arrives a byte a second.
    const upload = rawConnection(base);
    upload.socket.write('POST /api/publish HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const dribble = setInterval(() => upload.socket.write(' '), 1000);
    await eventually(
      async () => {
        const now = await stats(base);
        return now.longPolls === 21 && now.webSockets === 10 && now.sseStreams === 10;
      },
      10_000,
      'everything held',
    );

    const signalled = Date.now();
    const exited = server.stop('SIGTERM');
    const code = await exited;
    const exitMs = Date.now() - signalled;
    clearInterval(dribble);
    upload.socket.destroy();

    const pollEndings = await Promise.all(polls);
    const closes = await Promise.all(sockets.map((socket) => socket.closedWith(5000)));
    const ended = await Promise.all(streamEndings);
    const answer = await keepAliveAnswer;
    console.log(
      `SIGTERM: exit ${code} after ${exitMs} ms (grace ${GRACE_MS} ms); long polls ${JSON.stringify(countOf(pollEndings.map((e) => JSON.stringify(e))))}; ` +
        `WebSocket closes ${JSON.stringify(countOf(closes.map((c) => c.code)))}; streams ${JSON.stringify(countOf(ended))}`,
    );
    expect(code).toBe(0);
    expect(exitMs).toBeLessThanOrEqual(GRACE_MS + 2000);
    for (const ending of pollEndings) {
      expect(ending).not.toHaveProperty('error');
      if ('status' in ending && ending.status === 503) expect(Number(ending.retryAfter)).toBeGreaterThanOrEqual(1);
      else expect(ending).toMatchObject({ status: 204 });
    }
    expect(closes.map((close) => close.code)).toEqual(Array(10).fill(1001));
    expect(ended).toEqual(Array(10).fill('ended'));
    expect(typeof answer === 'string' ? answer : answer.wire).toMatch(/^HTTP\/1\.1 (204|503) [^]*\r\nConnection: close\r\n/i);
  });
});

function countOf<T extends string | number>(values: T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
