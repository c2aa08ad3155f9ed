import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePollReply, pollUrl } from '../../src/client/transport/realtime-client.ts';
import { sleep } from '../../src/client/transport/poll-loop.ts';
import { ShortPollClient } from '../../src/client/transport/short-poll.ts';
import { LongPollClient } from '../../src/client/transport/long-poll.ts';
import type { ClientState } from '../../src/client/transport/realtime-client.ts';
import { SseClient, type EventSourceConstructor } from '../../src/client/transport/sse.ts';
import { WebSocketClient, type WebSocketConstructor } from '../../src/client/transport/websocket.ts';
import { ConnectionTraffic } from '../../src/client/diagram/widget-traffic.ts';
import { recordDiagram } from '../support/diagram-lines.ts';

const event = (id: string) => ({ id, topic: 'ticker', type: 'tick', data: {}, ts: 1 });

describe('pollUrl', () => {
  it('names the topic and, when given, since and timeout', () => {
    expect(pollUrl('http://h:1', '/api/poll', 'race:abc')).toBe('http://h:1/api/poll?topic=race%3Aabc');
    expect(pollUrl('http://h:1', '/api/long-poll', 'ticker', { since: '7-2', timeout: 25 })).toBe(
      'http://h:1/api/long-poll?topic=ticker&since=7-2&timeout=25',
    );
  });
});

describe('parsePollReply', () => {
  it('accepts a reply with events, cursor and reset', () => {
    const reply = { events: [event('1')], cursor: '1', reset: { topic: 'ticker', reason: 'too-old', cursor: '0' } };
    expect(parsePollReply(reply)).toEqual(reply);
  });
  it.each([null, 'html', { events: [] }, { cursor: '1' }, { cursor: '1', events: [{ id: 1 }] }, { cursor: '1', events: [], reset: {} }])(
    'refuses %j',
    (value) => expect(() => parsePollReply(value)).toThrow(TypeError),
  );
});

describe('sleep', () => {
  it('ends at once when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const done = sleep(10_000, controller.signal);
    controller.abort();
    await done;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

/** A fetch that answers from a script of replies and records the URLs it was asked for. */
function scriptedFetch(replies: Array<() => Response>) {
  const urls: string[] = [];
  const fetcher = (async (input: string | URL | Request) => {
    urls.push(String(input));
    const next = replies.shift();
    if (!next) return new Promise<Response>(() => {});
    return next();
  }) as typeof fetch;
  return { urls, fetcher };
}
const json = (body: unknown) => () => new Response(JSON.stringify(body), { status: 200 });

describe('polling clients', () => {
  it('long poll takes the head cursor, then asks from each reply cursor, delivering in order', async () => {
    const { urls, fetcher } = scriptedFetch([
      json({ events: [], cursor: '5' }),
      json({ events: [event('6'), event('7')], cursor: '7' }),
      () => new Response(null, { status: 204 }),
    ]);
    const seen: string[] = [];
    const client = new LongPollClient({
      origin: 'http://h',
      topic: 'ticker',
      fetch: fetcher,
      timeoutS: 3,
      onEvent: (e) => seen.push(e.id),
    });
    client.start();
    await expect.poll(() => urls.length).toBe(4);
    expect(urls[0]).toBe('http://h/api/poll?topic=ticker');
    expect(urls[1]).toBe('http://h/api/long-poll?topic=ticker&since=5&timeout=3');
    expect(urls[2]).toBe('http://h/api/long-poll?topic=ticker&since=7&timeout=3');
    expect(urls[3]).toBe('http://h/api/long-poll?topic=ticker&since=7&timeout=3');
    expect(seen).toEqual(['6', '7']);
    expect(client.cursor).toBe('7');
    client.stop();
    expect(client.state).toBe('stopped');
  });

  it('starts from a given cursor and reports a reset before the events after it', async () => {
    const reset = { topic: 'ticker', reason: 'too-old', cursor: '40' };
    const { urls, fetcher } = scriptedFetch([json({ events: [event('41')], cursor: '41', reset })]);
    const order: string[] = [];
    const states: ClientState[] = [];
    const client = new ShortPollClient({
      origin: 'http://h',
      topic: 'ticker',
      fetch: fetcher,
      intervalMs: 0,
      onReset: (r) => order.push(`reset ${r.cursor}`),
      onEvent: (e) => order.push(e.id),
      onLive: (c) => order.push(`live ${c}`),
      onState: (s) => states.push(s),
    });
    client.start('3');
    await expect.poll(() => urls.length).toBe(2);
    expect(urls[0]).toBe('http://h/api/poll?topic=ticker&since=3');
    expect(order).toEqual(['reset 40', '41', 'live 41']);
    expect(states).toEqual(['connecting', 'live']);
    client.stop();
  });

  it('backs off after a failed request and tells why', async () => {
    const { urls, fetcher } = scriptedFetch([() => new Response('<html>', { status: 502 })]);
    const reasons: string[] = [];
    const client = new ShortPollClient({
      origin: 'http://h',
      topic: 'ticker',
      fetch: fetcher,
      onState: (s, r) => reasons.push(`${s}: ${r}`),
    });
    client.start('1');
    await expect.poll(() => reasons.length).toBe(2);
    expect(reasons[1]).toMatch(/^waiting: Error: HTTP 502; retrying in \d+ ms$/);
    expect(urls).toHaveLength(1);
    client.stop();
  });
});

describe('long poll reissue and extra parameters', () => {
  it('reissue() drops the held request and asks again at once, same cursor, new hold, with the extra parameters', async () => {
    const urls: string[] = [];
    const signals: AbortSignal[] = [];
    // The head request answers; every long poll is held until its signal aborts, like the server's.
    const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
      urls.push(String(input));
      signals.push(init!.signal!);
      if (urls.length === 1) return new Response(JSON.stringify({ events: [], cursor: '5' }), { status: 200 });
      return new Promise<Response>((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(new Error('aborted'))));
    }) as typeof fetch;
    let hold = 25;
    const states: ClientState[] = [];
    const client = new LongPollClient({
      origin: 'http://h',
      topic: 'ticker',
      fetch: fetcher,
      timeoutS: () => hold,
      params: () => ({ session: 'run-1' }),
      onState: (s) => states.push(s),
    });
    client.start();
    await expect.poll(() => urls.length).toBe(2);
    expect(urls[1]).toBe('http://h/api/long-poll?topic=ticker&since=5&timeout=25&session=run-1');
    hold = 5;
    client.reissue();
    await expect.poll(() => urls.length).toBe(3);
    expect(signals[1]!.aborted).toBe(true);
    expect(urls[2]).toBe('http://h/api/long-poll?topic=ticker&since=5&timeout=5&session=run-1');
    // A reissue is not a failure: no back-off, the client stays live.
    expect(states).toEqual(['connecting', 'live']);
    client.stop();
    expect(signals[2]!.aborted).toBe(true);
  });
});

describe('short poll interval', () => {
  afterEach(() => vi.useRealTimers());

  /** A fetch whose replies take `replyMs` (fake time) and that records when each request left. */
  function slowFetch(replyMs: number) {
    const startedAt: number[] = [];
    const fetcher = (async () => {
      startedAt.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, replyMs));
      return new Response(JSON.stringify({ events: [], cursor: String(startedAt.length) }), { status: 200 });
    }) as typeof fetch;
    return { startedAt, fetcher };
  }

  it('runs from one request’s start to the next, so a slow reply does not stretch it', async () => {
    vi.useFakeTimers();
    const { startedAt, fetcher } = slowFetch(300);
    const client = new ShortPollClient({ origin: 'http://h', topic: 'ticker', fetch: fetcher, intervalMs: 1000 });
    client.start();
    await vi.advanceTimersByTimeAsync(3100);
    // Counted from each reply's end the starts would be 0, 1300, 2600.
    expect(startedAt.map((t) => t - startedAt[0]!)).toEqual([0, 1000, 2000, 3000]);
    client.stop();
  });

  it('reads a changed interval at once: the wait under way ends at the new interval after the last start', async () => {
    vi.useFakeTimers();
    const { startedAt, fetcher } = slowFetch(100);
    let interval = 10_000;
    const client = new ShortPollClient({ origin: 'http://h', topic: 'ticker', fetch: fetcher, intervalMs: () => interval });
    client.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(startedAt).toHaveLength(1);
    interval = 1000;
    // Already 2 s after the last start: the next request leaves now, not 8 s later.
    client.intervalChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt.map((t) => t - startedAt[0]!)).toEqual([0, 2000]);
    interval = 5000;
    await vi.advanceTimersByTimeAsync(500);
    // A longer interval, read during the wait that a 1 s interval began, holds the next request back.
    client.intervalChanged();
    await vi.advanceTimersByTimeAsync(4400);
    expect(startedAt).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(startedAt.map((t) => t - startedAt[0]!)).toEqual([0, 2000, 7000]);
    client.stop();
  });
});

/** An EventSource stand-in the test drives: it records its URL and fires what the test says. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  readonly url: string;
  readyState = 0;
  readonly #listeners = new Map<string, Array<(message: MessageEvent) => void>>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (message: MessageEvent) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  fire(type: string, message: Partial<MessageEvent> = {}): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(message as MessageEvent);
  }
}

/** A WebSocket stand-in: records what the client sends, and fires what the test says. */
class FakeWebSocket {
  static last: FakeWebSocket | undefined;
  readonly url: string;
  readonly sent: string[] = [];
  readyState = 0;
  readonly #listeners = new Map<string, Array<(event: { data?: unknown; code?: number; reason?: string }) => void>>();
  constructor(url: string) {
    this.url = url;
    FakeWebSocket.last = this;
  }
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  fire(type: string, event: { data?: unknown; code?: number; reason?: string } = {}): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const listener of this.#listeners.get(type) ?? []) listener({ reason: '', ...event });
  }
}

describe('stream clients: extra parameters, connection changes, frames', () => {
  const origin = 'http://lab.test';
  const raceEvent = (seq: number) => ({ id: `e1-${seq}`, topic: 'race:x', type: 'race', data: { n: seq }, ts: 0 });

  it('SSE sends the extra parameters and reports open, a lost stream it retries, and one it gives up on', () => {
    const changes: unknown[] = [];
    const states: string[] = [];
    const client = new SseClient({
      origin,
      topic: 'race:x',
      EventSource: FakeEventSource as unknown as EventSourceConstructor,
      params: () => ({ session: 's-1' }),
      onConnection: (change) => changes.push(change),
      onState: (state) => states.push(state),
    });
    client.start();
    const source = FakeEventSource.last!;
    expect(new URL(source.url).searchParams.get('session')).toBe('s-1');
    source.fire('open');
    source.readyState = 0; // CONNECTING: the browser will reconnect
    source.fire('error');
    source.fire('open');
    source.readyState = 2; // CLOSED: a refused reconnect, EventSource gives up
    source.fire('error');
    expect(changes).toEqual([{ kind: 'open' }, { kind: 'lost', retrying: true }, { kind: 'open' }, { kind: 'lost', retrying: false }]);
    expect(client.state).toBe('stopped');
    expect(states.at(-1)).toBe('stopped');
  });

  it('SSE tells the diagram each request, the stream ending and every event down it, and reports hello and the replayed count', () => {
    const diagram = recordDiagram('sse');
    const hellos: unknown[] = [];
    const lives: Array<[string, number | undefined]> = [];
    const client = new SseClient({
      origin,
      topic: 'ticker',
      EventSource: FakeEventSource as unknown as EventSourceConstructor,
      traffic: new ConnectionTraffic('sse'),
      onHello: (hello) => hellos.push(hello),
      onLive: (cursor, replayed) => lives.push([cursor, replayed]),
    });
    client.start();
    const source = FakeEventSource.last!;
    const hello = (lastEventId: string | null) => ({ connection: 'c-1', instance: 'i', topic: 'ticker', lastEventId, serverTime: 5 });
    source.fire('open');
    source.fire('hello', { data: JSON.stringify(hello(null)) });
    source.fire('live', { data: JSON.stringify({ replayed: 0, cursor: 'e1-6' }) });
    source.fire('message', { data: JSON.stringify(event('e1-7')), lastEventId: 'e1-7' });
    source.readyState = 0; // CONNECTING: the server ended the stream, the browser will reconnect
    source.fire('error');
    source.fire('error'); // a reconnect attempt that failed: no second end
    source.fire('open');
    source.fire('hello', { data: JSON.stringify(hello('e1-7')) });
    source.fire('message', { data: JSON.stringify(event('e1-8')), lastEventId: 'e1-8' });
    source.fire('live', { data: JSON.stringify({ replayed: 1, cursor: 'e1-8' }) });
    client.stop();
    expect(hellos).toEqual([hello(null), hello('e1-7')]);
    expect(lives).toEqual([
      ['e1-6', 0],
      ['e1-8', 1],
    ]);
    expect(diagram.lines).toEqual([
      'open GET /api/sse',
      'down hello',
      'down live',
      'down event 7',
      'end stream ended by server',
      'open GET /api/sse + Last-Event-ID',
      'down hello',
      'down event 8',
      'down live',
      'end closed by the page by page',
    ]);

    // A reconnect before any event carries no Last-Event-ID; a refused request ends the stream as refused.
    diagram.lines.length = 0;
    client.start();
    const second = FakeEventSource.last!;
    second.fire('open');
    second.readyState = 0;
    second.fire('error');
    second.fire('open');
    second.readyState = 2;
    second.fire('error');
    diagram.stop();
    expect(diagram.lines).toEqual(['open GET /api/sse', 'end stream ended by server', 'open GET /api/sse', 'end refused by server']);
  });

  it('WebSocket reports every frame both ways with its computed size, the socket opening, and a lost socket it reopens', () => {
    vi.useFakeTimers();
    try {
      const frames: Array<[string, string, number]> = [];
      const changes: unknown[] = [];
      const delivered: string[] = [];
      const hellos: string[] = [];
      const lives: Array<[string, number | undefined]> = [];
      const client = new WebSocketClient({
        origin,
        topic: 'race:x',
        WebSocket: FakeWebSocket as unknown as WebSocketConstructor,
        params: () => ({ session: 's-2' }),
        onFrame: (frame) => frames.push([frame.direction, frame.summary, frame.frameBytes]),
        onConnection: (change) => changes.push(change),
        onEvent: (e) => delivered.push(e.id),
        onHello: (hello) => hellos.push(hello.connection),
        onLive: (cursor, replayed) => lives.push([cursor, replayed]),
      });
      client.start();
      const first = FakeWebSocket.last!;
      expect(first.url).toBe('ws://lab.test/api/ws?session=s-2');
      first.fire('open');
      const hello = JSON.stringify({ type: 'hello', connection: 'c1', instance: 'i', serverTime: 0 });
      first.fire('message', { data: hello });
      const subscribe = JSON.stringify({ type: 'subscribe', topic: 'race:x' });
      expect(first.sent).toEqual([subscribe]);
      const eventText = JSON.stringify({ type: 'event', event: raceEvent(1) });
      first.fire('message', { data: eventText });
      // Another topic's event on the same socket is not this client's.
      first.fire('message', { data: JSON.stringify({ type: 'event', event: { ...raceEvent(2), topic: 'ticker' } }) });
      // Server frames: 2-byte header; the page's own: 2 + a 4-byte mask (all payloads here are under 126 bytes).
      expect(frames.slice(0, 3)).toEqual([
        ['received', 'hello', 2 + hello.length],
        ['sent', 'subscribe race:x', 6 + subscribe.length],
        ['received', 'event e1-1 race:x race', 2 + eventText.length],
      ]);
      expect(delivered).toEqual(['e1-1']);
      expect(client.cursor).toBe('e1-1');

      first.fire('close', { code: 1006 });
      expect(changes).toEqual([{ kind: 'open' }, { kind: 'lost', retrying: true }]);
      expect(client.state).toBe('waiting');
      vi.runOnlyPendingTimers();
      const second = FakeWebSocket.last!;
      expect(second).not.toBe(first);
      second.fire('open');
      second.fire('message', { data: hello });
      // The new socket resumes from the last event delivered.
      expect(second.sent).toEqual([JSON.stringify({ type: 'subscribe', topic: 'race:x', since: 'e1-1' })]);
      second.fire('message', { data: JSON.stringify({ type: 'live', topic: 'race:x', replayed: 0, cursor: 'e1-1' }) });
      expect(hellos).toEqual(['c1', 'c1']);
      expect(lives).toEqual([['e1-1', 0]]);
      client.stop();
      expect(client.state).toBe('stopped');
      // It says goodbye with a close frame, and does not come back.
      expect(frames.at(-1)?.[1]).toBe('close 1000 “reader left”');
      vi.runAllTimers();
      expect(FakeWebSocket.last).toBe(second);
    } finally {
      vi.useRealTimers();
    }
  });

  it('WebSocket resumes from the cursor it is started with, and stops for good on a close that forbids retrying', () => {
    vi.useFakeTimers();
    try {
      const changes: unknown[] = [];
      const client = new WebSocketClient({
        origin,
        topic: 'race:x',
        WebSocket: FakeWebSocket as unknown as WebSocketConstructor,
        onConnection: (change) => changes.push(change),
      });
      client.start('e1-7');
      const socket = FakeWebSocket.last!;
      socket.fire('open');
      socket.fire('message', { data: JSON.stringify({ type: 'hello', connection: 'c1', instance: 'i', serverTime: 0 }) });
      expect(socket.sent).toEqual([JSON.stringify({ type: 'subscribe', topic: 'race:x', since: 'e1-7' })]);
      socket.fire('close', { code: 1008, reason: 'too many invalid or rate-limited messages' });
      expect(changes).toEqual([{ kind: 'open' }, { kind: 'lost', retrying: false }]);
      expect(client.state).toBe('stopped');
      vi.runAllTimers();
      expect(FakeWebSocket.last).toBe(socket);
    } finally {
      vi.useRealTimers();
    }
  });
});
