import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, stats } from '../support/clients.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';
import { everyWebSocketReleased, HandshakeRefused, RecordingWebSocket } from '../support/ws-client.ts';

const BURST = 20;
const MAX_STRIKES = 5;
const MAX_PER_IP = 12;

describe('WebSocket defences on the built server', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer({
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
  const allReleased = () => everyWebSocketReleased(base);

  describe('bad input', () => {
    it('answers invalid JSON and an unknown type with an error, and keeps serving', async () => {
      const client = await RecordingWebSocket.open(base);
      client.send('{"type": "subscribe", ');
      client.send({ type: 'shout', text: 'hi' });
      client.send({ type: 'chat', room: 'lobby', text: 'x'.repeat(501) });
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
      const echo = await RecordingWebSocket.open(base, { path: '/api/ws/echo', origin: 'https://evil.example' }).catch(
        (error: unknown) => error,
      );
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
      expect(refused).toMatchObject({
        status: 429,
        body: JSON.stringify({ error: `too many WebSockets from this address (at most ${MAX_PER_IP}); close one first` }),
      });
      clients[0]!.close();
      await clients[0]!.closedWith();
      await eventually(
        async () => {
          const again = await RecordingWebSocket.open(base).catch(() => undefined);
          again?.close();
          return again !== undefined;
        },
        5000,
        'a free slot',
      );
      for (const client of clients) client.close();
      await allReleased();
    });

    it('declines permessage-deflate when the client offers it', async () => {
      const client = await RecordingWebSocket.open(base, { perMessageDeflate: true });
      expect(client.socket.extensions).toBe('');
      client.close();
      await allReleased();
    });

    it('answers 404 to an upgrade on any other path', async () => {
      const refused = await RecordingWebSocket.open(base, { path: '/api/nope' }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 404 });
    });
  });
});
