import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, stats } from '../../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';

/** Every API route and the methods it answers (OPTIONS and, for GET routes, HEAD come with it). */
const ROUTES: Array<[string, string]> = [
  ['/api/time', 'GET, HEAD, OPTIONS'],
  ['/api/stats', 'GET, HEAD, OPTIONS'],
  ['/api/poll', 'GET, HEAD, OPTIONS'],
  ['/api/long-poll', 'GET, HEAD, OPTIONS'],
  ['/api/sse', 'GET, HEAD, OPTIONS'],
  ['/events', 'GET, HEAD, OPTIONS'],
  ['/api/usage', 'GET, HEAD, OPTIONS'],
  ['/api/publish', 'POST, OPTIONS'],
  ['/api/race', 'POST, OPTIONS'],
  ['/api/sse/drop', 'POST, OPTIONS'],
  ['/api/ws/drop', 'POST, OPTIONS'],
];
const STREAMS = ['/api/sse?topic=ticker', '/api/sse?topic=notifications', '/events'];

describe('abuse: methods other than the ones a page uses', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({ MAX_STREAMS_PER_IP: '4', ALLOWED_ORIGINS: 'https://friend.example' });
    base = server.url;
  });
  afterAll(() => server?.stop());

  // Regression: HEAD /api/sse registered a stream that nothing would ever read; /api/stats kept counting it after the client left.
  it('answers 600 HEAD requests on the stream routes with headers only, registering nothing and taking no slot', async () => {
    let next = 0;
    const statuses: number[] = [];
    const worker = async (): Promise<void> => {
      while (next < 600) {
        const response = await fetch(`${base}${STREAMS[next++ % STREAMS.length]}`, { method: 'HEAD' });
        statuses.push(response.status);
        expect(await response.text()).toBe('');
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    expect(statuses.filter((status) => status === 200)).toHaveLength(600);
    const now = await stats(base);
    expect(now.sseStreams).toBe(0);
    expect(Object.values(now.subscribers).every((n) => n === 0)).toBe(true);
    // The per-address cap of 4 is whole: HEAD took no slot.
    const streams = await Promise.all(Array.from({ length: 4 }, () => fetch(`${base}/api/sse?topic=ticker`)));
    expect(streams.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    await Promise.all(streams.map((response) => response.body!.cancel()));
    await eventually(async () => (await stats(base)).sseStreams === 0, 5000, 'the streams released');
  });

  it.each(ROUTES)('answers OPTIONS %s with 204 and Allow: %s, never the HTML 404 page', async (path, allow) => {
    const response = await fetch(`${base}${path}`, { method: 'OPTIONS' });
    expect([response.status, response.headers.get('allow'), await response.text()]).toEqual([204, allow, '']);
  });

  it('keeps CORS closed to an origin ALLOWED_ORIGINS does not name, for simple requests and preflights alike', async () => {
    const origin = 'https://evil.example';
    const simple = await fetch(`${base}/api/time`, { headers: { Origin: origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${base}/api/publish`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('opens CORS to an origin ALLOWED_ORIGINS names: its exact origin, no credentials, and a preflight that lists what it may send', async () => {
    const origin = 'https://friend.example';
    const simple = await fetch(`${base}/api/time`, { headers: { Origin: origin } });
    expect(simple.headers.get('access-control-allow-origin')).toBe(origin);
    expect(simple.headers.get('vary')).toContain('Origin');
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(`${base}/api/publish`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type, Last-Event-ID');
  });
});
