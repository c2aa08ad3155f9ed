import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { eventually, stats } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';
import { HandshakeRefused, RecordingWebSocket } from '../support/ws-client.ts';

const HEARTBEAT_MS = 250;
const BURST = 20;
const MAX_STRIKES = 5;
const MAX_PER_IP = 12;

const chatTexts = (events: readonly RealtimeEvent[]) =>
  events.filter((event) => event.type === 'message').map((event) => (event.data as { text: string }).text);

describe('WebSockets on the built server', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer({
      WS_HEARTBEAT_MS: String(HEARTBEAT_MS),
      WS_MESSAGE_BURST: String(BURST),
      WS_MESSAGES_PER_SECOND: '5',
      WS_MAX_STRIKES: String(MAX_STRIKES),
      WS_MAX_PER_IP: String(MAX_PER_IP),
      ALLOWED_ORIGINS: 'https://friend.example',
    });
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Every test leaves no socket behind, so per-IP counts start from zero. */
  const allReleased = () => eventually(async () => (await stats(base)).webSockets === 0, 5000, 'every WebSocket released');

  describe('chat', () => {
    it('carries two clients’ messages to both, in one order, each sender’s in the order sent', async () => {
      const ada = await RecordingWebSocket.open(base);
      const bo = await RecordingWebSocket.open(base);
      await ada.subscribe('chat:order', { name: 'Ada' });
      await bo.subscribe('chat:order', { name: 'Bo' });
      for (let i = 0; i < 8; i++) {
        ada.send({ type: 'chat', room: 'order', name: 'Ada', text: `a${i}` });
        bo.send({ type: 'chat', room: 'order', name: 'Bo', text: `b${i}` });
      }
      const messagesIn = (client: RecordingWebSocket) => chatTexts(client.events('chat:order')).length;
      await ada.until((c) => messagesIn(c) === 16, 'all 16 messages at Ada');
      await bo.until((c) => messagesIn(c) === 16, 'all 16 messages at Bo');

      // Bo joined after Ada, so Bo's view starts at Bo's join; from there both saw the same events.
      const boIds = bo.events('chat:order').map((event) => event.id);
      const adaIds = ada.events('chat:order').map((event) => event.id);
      expect(adaIds.slice(adaIds.indexOf(boIds[0]!))).toEqual(boIds);
      expect(bo.events('chat:order')[0]).toMatchObject({ type: 'join', data: { name: 'Bo', members: 2 } });
      const texts = chatTexts(ada.events('chat:order'));
      expect(texts.filter((text) => text.startsWith('a'))).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
      expect(texts.filter((text) => text.startsWith('b'))).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
      expect(ada.events('chat:order').find((event) => event.type === 'message')).toMatchObject({
        topic: 'chat:order',
        type: 'message',
        data: { name: 'Ada', text: 'a0' },
      });

      bo.send({ type: 'unsubscribe', topic: 'chat:order' });
      await ada.until((c) => c.events('chat:order').some((event) => event.type === 'leave'), 'Bo leaving');
      expect(ada.events('chat:order').at(-1)).toMatchObject({ type: 'leave', data: { name: 'Bo', members: 1, reason: 'left' } });
      ada.close();
      bo.close();
      await allReleased();
    });

    it('replays exactly the missed messages when a client comes back with its cursor', async () => {
      const ada = await RecordingWebSocket.open(base);
      const bo = await RecordingWebSocket.open(base);
      await ada.subscribe('chat:resume', { name: 'Ada' });
      await bo.subscribe('chat:resume', { name: 'Bo' });
      bo.send({ type: 'chat', room: 'resume', name: 'Bo', text: 'before' });
      await ada.until((c) => chatTexts(c.events('chat:resume')).includes('before'));
      const cursor = ada.events('chat:resume').at(-1)!.id;

      ada.socket.terminate();
      await bo.until((c) => c.events('chat:resume').some((event) => event.type === 'leave'), 'Ada’s leave');
      for (const text of ['while', 'you', 'were', 'away']) bo.send({ type: 'chat', room: 'resume', name: 'Bo', text });
      await bo.until((c) => chatTexts(c.events('chat:resume')).includes('away'));
      const missed = bo.events('chat:resume').slice(bo.events('chat:resume').findIndex((event) => event.id === cursor) + 1);

      const back = await RecordingWebSocket.open(base);
      await back.subscribe('chat:resume', { since: cursor, name: 'Ada' });
      expect(back.ofType('live').at(-1)).toMatchObject({ topic: 'chat:resume', replayed: missed.length });
      expect(back.events('chat:resume').slice(0, missed.length)).toEqual(missed);
      expect(missed.map((event) => event.type)).toEqual(['leave', 'message', 'message', 'message', 'message']);
      expect(back.events('chat:resume').slice(missed.length).map((event) => event.type)).toEqual(['join']);
      back.close();
      bo.close();
      await allReleased();
    });

    it('answers an unusable cursor with a reset carrying the head, never a silent gap', async () => {
      const client = await RecordingWebSocket.open(base);
      await client.subscribe('chat:reset', { since: 'zzz-9' });
      expect(client.ofType('reset')).toEqual([{ type: 'reset', topic: 'chat:reset', reason: 'unknown', cursor: expect.stringMatching(/^[0-9a-z]+-0$/) }]);
      client.close();
      await allReleased();
    });

    it('sends chat text back exactly as written: markup is data, not HTML', async () => {
      const client = await RecordingWebSocket.open(base);
      await client.subscribe('chat:markup');
      const text = '<img src=x onerror=alert(1)> & "quotes"';
      client.send({ type: 'chat', room: 'markup', name: '<b>Eve</b>', text });
      await client.until((c) => c.events('chat:markup').length === 1);
      expect(client.events('chat:markup')[0]!.data).toEqual({ name: '<b>Eve</b>', text });
      client.close();
      await allReleased();
    });
  });

  describe('bad input', () => {
    it('answers invalid JSON and an unknown type with an error, and keeps serving', async () => {
      const client = await RecordingWebSocket.open(base);
      client.send('{"type": "subscribe", ');
      client.send({ type: 'shout', text: 'hi' });
      client.send({ type: 'chat', room: 'lobby', name: 'Ada', text: 'x'.repeat(501) });
      client.send({ type: 'ping', id: 'still here' });
      await client.until((c) => c.ofType('pong').length === 1);
      expect(client.ofType('error')).toEqual([
        { type: 'error', error: 'message must be JSON, e.g. {"type":"subscribe","topic":"chat:lobby","name":"Ada"}' },
        { type: 'error', error: 'type: must be one of: subscribe, unsubscribe, chat, ping' },
        { type: 'error', error: 'text: must be at most 500 characters' },
      ]);
      expect(client.ofType('pong')[0]).toMatchObject({ type: 'pong', id: 'still here' });
      expect(client.closed).toBeUndefined();
      client.close();
      await allReleased();
    });

    it(`closes with 1008 after ${MAX_STRIKES} bad messages in a row, and others are not affected`, async () => {
      const bystander = await RecordingWebSocket.open(base);
      const abuser = await RecordingWebSocket.open(base);
      for (let i = 0; i < 10; i++) abuser.send('not json');
      expect(await abuser.closedWith()).toEqual({ code: 1008, reason: 'too many invalid or rate-limited messages' });
      expect(abuser.ofType('error')).toHaveLength(MAX_STRIKES);
      bystander.send({ type: 'ping', id: 'ok' });
      await bystander.until((c) => c.ofType('pong').length === 1);
      bystander.close();
      await allReleased();
    });

    it(`answers a flood with rate errors, then 1008: ${BURST} messages pass, ${MAX_STRIKES} are refused`, async () => {
      const flooder = await RecordingWebSocket.open(base);
      for (let i = 0; i < 100; i++) flooder.send({ type: 'ping', id: String(i) });
      expect(await flooder.closedWith()).toEqual({ code: 1008, reason: 'too many invalid or rate-limited messages' });
      expect(flooder.ofType('pong').map((pong) => pong.id)).toEqual(Array.from({ length: BURST }, (_, i) => String(i)));
      expect(flooder.ofType('error')).toEqual(
        Array(MAX_STRIKES).fill({ type: 'error', error: `rate: at most ${BURST} messages at once and 5 per second after that; slow down` }),
      );
      const other = await RecordingWebSocket.open(base);
      other.send({ type: 'ping' });
      await other.until((c) => c.ofType('pong').length === 1);
      other.close();
      await allReleased();
    });

    it('closes with 1009 on a message over 16 KiB, before reading it, and accepts 16 KiB exactly', async () => {
      const client = await RecordingWebSocket.open(base);
      client.send(JSON.stringify('x'.repeat(16 * 1024 - 2))); // 16 384 bytes with the quotes
      await client.until((c) => c.ofType('error').length === 1);
      expect(client.ofType('error')[0]).toEqual({ type: 'error', error: 'must be a JSON object' });
      client.send(JSON.stringify('x'.repeat(16 * 1024 - 1)));
      // ws refuses on the frame header; its close frame carries the code and no reason text.
      expect(await client.closedWith()).toEqual({ code: 1009, reason: '' });
      const other = await RecordingWebSocket.open(base);
      other.send({ type: 'ping' });
      await other.until((c) => c.ofType('pong').length === 1);
      other.close();
      await allReleased();
    });

    it('closes with 1003 on a binary frame', async () => {
      const client = await RecordingWebSocket.open(base);
      client.socket.send(Buffer.from([1, 2, 3]));
      expect(await client.closedWith()).toEqual({ code: 1003, reason: 'binary frames are not supported; send text' });
      await allReleased();
    });
  });

  describe('who may connect', () => {
    it('refuses a foreign Origin with 403 before any WebSocket exists', async () => {
      for (const origin of ['https://evil.example', 'null', `${base}.evil.example`]) {
        const refused = await RecordingWebSocket.open(base, { origin }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(HandshakeRefused);
        expect(refused).toMatchObject({ status: 403, body: JSON.stringify({ error: `origin: ${origin} may not open WebSockets here` }) });
      }
      expect((await stats(base)).webSockets).toBe(0);
      const echo = await RecordingWebSocket.open(base, { path: '/api/ws/echo', origin: 'https://evil.example' }).catch((error: unknown) => error);
      expect(echo).toMatchObject({ status: 403 });
    });

    it('accepts its own origin, a listed one, and clients that send no Origin', async () => {
      const clients = await Promise.all([
        RecordingWebSocket.open(base),
        RecordingWebSocket.open(base, { origin: 'https://friend.example' }),
        RecordingWebSocket.open(base, { origin: null }),
      ]);
      expect(clients.map((client) => client.ofType('hello').length)).toEqual([1, 1, 1]);
      for (const client of clients) client.close();
      await allReleased();
    });

    it(`refuses the ${MAX_PER_IP + 1}th connection from one address with 429, and takes it again once one closes`, async () => {
      const clients = await Promise.all(Array.from({ length: MAX_PER_IP }, () => RecordingWebSocket.open(base)));
      const refused = await RecordingWebSocket.open(base, { path: '/api/ws/echo' }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 429, body: JSON.stringify({ error: `too many WebSockets from this address (at most ${MAX_PER_IP})` }) });
      clients[0]!.close();
      await clients[0]!.closedWith();
      await eventually(async () => {
        const again = await RecordingWebSocket.open(base).catch(() => undefined);
        again?.close();
        return again !== undefined;
      }, 5000, 'a free slot');
      for (const client of clients) client.close();
      await allReleased();
    });

    it('answers 404 to an upgrade on any other path', async () => {
      const refused = await RecordingWebSocket.open(base, { path: '/api/nope' }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 404 });
    });
  });

  describe('echo', () => {
    it('sends "Hello Server" straight back, as the seed’s snippet expects', async () => {
      const echo = await RecordingWebSocket.open(base, { path: '/api/ws/echo' });
      echo.send('Hello Server');
      echo.send('{"not":"parsed"} <b>');
      await echo.until((c) => c.texts.length === 2);
      expect(echo.texts).toEqual(['Hello Server', '{"not":"parsed"} <b>']);
      echo.socket.send(Buffer.from('bytes'));
      expect(await echo.closedWith()).toEqual({ code: 1003, reason: 'binary frames are not supported; send text' });
      await allReleased();
    });
  });

  describe('liveness', () => {
    it('terminates a client that never answers pings within two intervals, and keeps one that does', async () => {
      const answering = await RecordingWebSocket.open(base);
      let pings = 0;
      answering.socket.on('ping', () => (pings += 1));
      const silent = new RecordingWebSocket(base, { autoPong: false });
      await silent.opened;
      const openedAt = Date.now();
      const closed = await silent.closedWith(5 * HEARTBEAT_MS);
      const lifetime = Date.now() - openedAt;
      // terminate() sends no close frame, so the client sees an abnormal closure.
      expect(closed.code).toBe(1006);
      // Two intervals, plus slack for timers on a busy machine and the TCP close reaching the client.
      expect(lifetime).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 250);
      await new Promise((resolve) => setTimeout(resolve, 3 * HEARTBEAT_MS));
      expect(answering.closed).toBeUndefined();
      expect(pings).toBeGreaterThanOrEqual(3);
      answering.close();
      await allReleased();
    });

    it('cuts a connection on POST /api/ws/drop, which the client sees as 1006', async () => {
      const client = await RecordingWebSocket.open(base);
      const post = (body: unknown) =>
        fetch(`${base}/api/ws/drop`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post({ connection: client.connectionId })).status).toBe(204);
      expect((await client.closedWith()).code).toBe(1006);
      const again = await post({ connection: client.connectionId });
      expect(again.status).toBe(404);
      expect(await again.json()).toEqual({ error: 'no open WebSocket has that connection id' });
      const bad = await post({ connection: 'nope' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'connection: must be the connection id from the hello event' });
      await allReleased();
    });

    it('releases the socket, subscriptions and room presence of each of 200 clients that leave', async () => {
      const before = await stats(base);
      const watcher = await RecordingWebSocket.open(base);
      await watcher.subscribe('chat:release');
      for (let i = 0; i < 200; i++) {
        const client = await RecordingWebSocket.open(base);
        await client.subscribe('chat:release', { name: `c${i}` });
        await client.subscribe('ticker');
        if (i % 2 === 0) client.close();
        else client.socket.terminate();
      }
      await watcher.until((c) => c.events('chat:release').filter((event) => event.type === 'leave').length === 200, 'every leave');
      watcher.close();
      await allReleased();
      const after = await stats(base);
      expect(after.subscribers['chat:release'] ?? 0).toBe(0);
      expect(after.subscribers.ticker ?? 0).toBe(before.subscribers.ticker ?? 0);
      expect(watcher.events('chat:release').at(-1)).toMatchObject({ type: 'leave', data: { members: 0, reason: 'disconnected' } });
    });
  });
});

describe('WebSocket shutdown (SIGTERM)', () => {
  it('closes every socket, chat and echo, with 1001 and exits 0', async () => {
    const server = await startBuiltServer();
    const chat = await RecordingWebSocket.open(server.url);
    const other = await RecordingWebSocket.open(server.url);
    const echo = await RecordingWebSocket.open(server.url, { path: '/api/ws/echo' });
    await chat.subscribe('chat:bye', { name: 'Ada' });
    await other.subscribe('chat:bye', { name: 'Bo' });
    const exit = server.stop('SIGTERM');
    for (const client of [chat, other, echo]) expect(await client.closedWith()).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await exit).toBe(0);
    expect(server.output()).toContain('SIGTERM: done');
  });
});

describe('a slow reader', () => {
  const CAP = 16 * 1024;
  // 500 characters of 3 UTF-8 bytes each: fat messages fill the kernel's socket buffers quickly.
  const FAT_TEXT = '€'.repeat(500);
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer({
      TICKER_INTERVAL_MS: '5',
      WS_MAX_BUFFERED_BYTES: String(CAP),
      WS_MESSAGE_BURST: '100000',
      WS_MESSAGES_PER_SECOND: '100000',
    });
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Sends fat chat messages in batches (each batch seen by `listener`) until `done`; returns how many. */
  async function flood(
    sender: RecordingWebSocket,
    listener: RecordingWebSocket,
    room: string,
    batch: number,
    done: () => Promise<boolean>,
  ): Promise<number> {
    let sent = 0;
    while (!(await done())) {
      if (sent >= 40_000) throw new Error('40 000 messages and the slow reader never filled its buffer');
      for (let i = 0; i < batch; i++) sender.send({ type: 'chat', room, name: 'Flood', text: FAT_TEXT });
      sent += batch;
      await listener.until((c) => c.events(`chat:${room}`).length >= sent, 'the listener keeping up');
    }
    return sent;
  }

  it('skips ticker updates past half the cap but keeps every chat message, and buffered bytes stay under the cap', async () => {
    const slow = await RecordingWebSocket.open(base);
    const listener = await RecordingWebSocket.open(base);
    const sender = await RecordingWebSocket.open(base);
    await slow.subscribe('ticker');
    await slow.subscribe('chat:fill');
    await listener.subscribe('ticker');
    await listener.subscribe('chat:fill');
    slow.tcp.pause(); // stop reading: the kernel's buffers fill, then the server's queue
    // Chat fills the kernel's buffers quickly; in batches of 4 (6 kB) it stops soon after the
    // server's own queue starts, well below the cap. The ticker then fills that to half the cap.
    const sent = await flood(sender, listener, 'fill', 4, async () => (await stats(base)).webSocketOutbox.peakBufferedBytes > 0);
    await eventually(async () => (await stats(base)).webSocketOutbox.droppedMessages > 0, 20_000, 'skipped ticker updates');
    const outbox = (await stats(base)).webSocketOutbox;
    // The queue grew to within one ticker update (under 256 bytes) of the half-cap line, and stopped there.
    expect(outbox.peakBufferedBytes).toBeLessThanOrEqual(CAP / 2);
    expect(outbox.peakBufferedBytes).toBeGreaterThan(CAP / 2 - 256);
    expect(outbox.slowReadersClosed).toBe(0);

    // The reader that keeps up lost nothing: its ticker ids are consecutive.
    const seqs = listener.events('ticker').map((event) => Number(event.id.split('-')[1]));
    expect(seqs.length).toBeGreaterThan(10);
    expect(seqs.every((seq, i) => i === 0 || seq === seqs[i - 1]! + 1)).toBe(true);

    slow.tcp.resume();
    await slow.until((c) => c.events('chat:fill').length === sent, 'every chat message at the slow reader', 30_000);
    expect(slow.events('chat:fill').map((event) => event.id)).toEqual(listener.events('chat:fill').map((event) => event.id));
    const tickerSeen = slow.events('ticker').length;
    await slow.until((c) => c.events('ticker').length > tickerSeen + 10, 'ticker updates again');
    expect(slow.closed).toBeUndefined();
    for (const client of [slow, listener, sender]) client.close();
  });

  it('closes a slow chat reader with 1013 rather than skip a message, and the room carries on', async () => {
    const slow = await RecordingWebSocket.open(base);
    const listener = await RecordingWebSocket.open(base);
    const sender = await RecordingWebSocket.open(base);
    await slow.subscribe('chat:busy');
    await listener.subscribe('chat:busy');
    slow.tcp.pause();
    const closedBefore = (await stats(base)).webSocketOutbox.slowReadersClosed;
    await flood(sender, listener, 'busy', 100, async () => (await stats(base)).webSocketOutbox.slowReadersClosed > closedBefore);
    const outbox = (await stats(base)).webSocketOutbox;
    expect(outbox.slowReadersClosed).toBe(closedBefore + 1);
    // Within one fat message (about 1.6 kB) of the cap, never over it.
    expect(outbox.peakBufferedBytes).toBeLessThanOrEqual(CAP);
    expect(outbox.peakBufferedBytes).toBeGreaterThan(CAP - 1700);
    slow.tcp.resume();
    expect(await slow.closedWith(40_000)).toEqual({ code: 1013, reason: 'you are reading too slowly; reconnect and resume from your cursor' });
    // Everything it did receive is a gap-free prefix of the room, so it can resume from its last id.
    const got = slow.events('chat:busy').map((event) => event.id);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(listener.events('chat:busy').map((event) => event.id).slice(0, got.length));
    expect(listener.closed).toBeUndefined();
    listener.close();
    sender.close();
  });
});
