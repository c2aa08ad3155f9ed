import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokensFor } from '../../src/lib/realtime/stream/token-text.ts';
import { eventually } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

/** POSTs a prompt to /api/stream with an optional abort signal. */
function post(base: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}/api/stream`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

async function openStreams(base: string): Promise<number> {
  return ((await (await fetch(`${base}/api/stream`)).json()) as { open: number }).open;
}

/** Reads until the first complete event (a blank line) has arrived, so the stream is surely open. */
async function firstFrame(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe('POST /api/stream on the built server', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer();
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('streams the tokens as event-stream frames, then a done event', async () => {
    const prompt = 'How does SSE resume?';
    const response = await post(base, { prompt, maxTokens: 5 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    const frames = text.split('\n\n').filter(Boolean);
    const tokens = tokensFor(prompt, 5);
    expect(frames.slice(0, 5)).toEqual(
      tokens.map((token, index) => `id: ${index}\nevent: token\ndata: ${JSON.stringify({ text: token })}`),
    );
    expect(frames).toHaveLength(6);
    expect(frames[5]).toMatch(/^event: done\ndata: \{"tokens":5,"reason":"complete","ms":\d+\}$/);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(await openStreams(base)).toBe(0);
  });

  it('answers 400 with a reason for a body that is not a valid request', async () => {
    const empty = await post(base, { prompt: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: 'prompt: must not be empty' });
    const tooMany = await post(base, { prompt: 'hi', maxTokens: 1000 });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ error: 'maxTokens: must be at most 120' });
  });

  it('answers 413 for a prompt over 500 characters and for a body over 4 KiB', async () => {
    const long = await post(base, { prompt: 'x'.repeat(501) });
    expect(long.status).toBe(413);
    expect(await long.json()).toEqual({ error: 'prompt must be at most 500 characters, got 501' });
    const huge = await post(base, { prompt: 'x'.repeat(5000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'body must be at most 4096 bytes' });
  });

  it('releases a stream the moment its reader aborts, and caps open streams per address at 2', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const a = await post(base, { prompt: 'first', maxTokens: 120 }, first.signal);
    const b = await post(base, { prompt: 'second', maxTokens: 120 }, second.signal);
    await Promise.all([firstFrame(a), firstFrame(b)]);
    expect(await openStreams(base)).toBe(2);

    const third = await post(base, { prompt: 'third' });
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ error: 'too many open streams from this address; abort one first' });

    first.abort();
    await eventually(async () => (await openStreams(base)) === 1, 3000, 'the aborted stream to be released');
    second.abort();
    await eventually(async () => (await openStreams(base)) === 0, 3000, 'both streams to be released');

    // The slots really are free again: a new stream is served.
    const again = new AbortController();
    const fourth = await post(base, { prompt: 'fourth' }, again.signal);
    expect(fourth.status).toBe(200);
    again.abort();
    await eventually(async () => (await openStreams(base)) === 0, 3000, 'the last stream to be released');
  });

  it('answers 429 with Retry-After once an address asks too fast', async () => {
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 30 && !limited; attempt++) {
      const response = await post(base, { prompt: '' });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(400);
    }
    expect(limited?.headers.get('retry-after')).toBe('3');
    expect(await limited!.json()).toEqual({ error: 'too many streams requested from this address; wait a few seconds' });
  });
});
