import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';
import { everyWebSocketReleased, RecordingWebSocket } from '../support/ws-client.ts';

const chatTexts = (events: readonly RealtimeEvent[]) =>
  events.filter((event) => event.type === 'message').map((event) => (event.data as { text: string }).text);

describe('WebSocket chat and echo on the built server', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startBuiltServer();
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Every test leaves no socket behind, so per-IP counts start from zero. */
  const allReleased = () => everyWebSocketReleased(base);

  describe('chat', () => {
    it('carries two clients’ messages to both, in one order, each sender’s in the order sent', async () => {
      const ada = await RecordingWebSocket.open(base);
      const bo = await RecordingWebSocket.open(base);
      await ada.subscribe('chat:order', { name: 'Ada' });
      await bo.subscribe('chat:order', { name: 'Bo' });
      for (let i = 0; i < 8; i++) {
        ada.send({ type: 'chat', room: 'order', text: `a${i}` });
        bo.send({ type: 'chat', room: 'order', text: `b${i}` });
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
      // Ada and Bo send on two sockets at once, so whose message the server reads first is not
      // fixed (this once failed on a busy machine); each sender's own first message is.
      expect(
        ada.events('chat:order').find((event) => event.type === 'message' && (event.data as { name?: string }).name === 'Ada'),
      ).toMatchObject({
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
      bo.send({ type: 'chat', room: 'resume', text: 'before' });
      await ada.until((c) => chatTexts(c.events('chat:resume')).includes('before'));
      const cursor = ada.events('chat:resume').at(-1)!.id;

      ada.socket.terminate();
      await bo.until((c) => c.events('chat:resume').some((event) => event.type === 'leave'), 'Ada’s leave');
      for (const text of ['while', 'you', 'were', 'away']) bo.send({ type: 'chat', room: 'resume', text });
      await bo.until((c) => chatTexts(c.events('chat:resume')).includes('away'));
      const missed = bo.events('chat:resume').slice(bo.events('chat:resume').findIndex((event) => event.id === cursor) + 1);

      const back = await RecordingWebSocket.open(base);
      await back.subscribe('chat:resume', { since: cursor, name: 'Ada' });
      // Her own join is published as she subscribes: it may come in the replay or just after 'live'.
      await back.until((c) => c.events('chat:resume').some((event) => event.type === 'join'), 'Ada’s own join');
      expect(back.ofType('live').at(-1)).toMatchObject({ topic: 'chat:resume', replayed: missed.length });
      expect(back.events('chat:resume').slice(0, missed.length)).toEqual(missed);
      expect(missed.map((event) => event.type)).toEqual(['leave', 'message', 'message', 'message', 'message']);
      expect(
        back
          .events('chat:resume')
          .slice(missed.length)
          .map((event) => event.type),
      ).toEqual(['join']);
      back.close();
      bo.close();
      await allReleased();
    });

    it('answers an unusable cursor with a reset carrying the head, never a silent gap', async () => {
      const client = await RecordingWebSocket.open(base);
      await client.subscribe('chat:reset', { since: 'zzz-9' });
      expect(client.ofType('reset')).toEqual([
        { type: 'reset', topic: 'chat:reset', reason: 'unknown', cursor: expect.stringMatching(/^[0-9a-z]+-0$/) },
      ]);
      client.close();
      await allReleased();
    });

    it('sends chat text back exactly as written: markup is data, not HTML', async () => {
      const client = await RecordingWebSocket.open(base);
      await client.subscribe('chat:markup', { name: '<b>Eve</b>' });
      const text = '<img src=x onerror=alert(1)> & "quotes"';
      client.send({ type: 'chat', room: 'markup', text });
      await client.until((c) => c.events('chat:markup').length === 2);
      expect(client.events('chat:markup')[1]!.data).toEqual({ name: '<b>Eve</b>', text });
      client.close();
      await allReleased();
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
});
