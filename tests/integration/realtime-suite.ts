import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { eventually, openWebSocket, publish, readUntil, RecordingEventSource, stats } from '../support/clients.ts';
import { getPoll, headCursor } from '../support/polling-clients.ts';
import type { RunningServer } from '../support/server.ts';
import { RecordingWebSocket } from '../support/ws-client.ts';

/**
 * The checks every server flavour must pass (the built Node server and `astro dev`), beyond the
 * transport conformance suite: SSE framing, the server-side drop and resume, one event reaching
 * poll, long-poll, SSE and WebSocket clients alike, and
 * both WebSocket paths (chat on /api/ws, /api/ws/echo) with their Origin check.
 */
export function describeRealtimeServer(name: string, start: () => Promise<RunningServer>): void {
  describe(name, () => {
    let server: RunningServer;
    let base = '';
    beforeAll(async () => {
      server = await start();
      base = server.url;
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('streams with the SSE headers, a retry line and a hello', async () => {
      const controller = new AbortController();
      const response = await fetch(`${base}/api/sse?topic=notifications`, { signal: controller.signal });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toContain('no-cache');
      expect(response.headers.get('x-accel-buffering')).toBe('no');
      const reader = response.body!.getReader();
      const text = await readUntil(reader, 'event: live');
      expect(text).toMatch(
        /^retry: 100\n\nevent: hello\ndata: \{"connection":"[0-9a-f-]{36}","instance":"[A-Za-z0-9._-]+","topic":"notifications","lastEventId":null,/,
      );
      controller.abort();
    });

    it('resumes after the server drops the stream, with no loss and no duplicate, while events keep coming', async () => {
      const client = new RecordingEventSource(`${base}/api/sse?topic=notifications`);
      await client.until((c) => c.lives.length === 1);
      const sent: RealtimeEvent[] = [];
      let publishing = true;
      const publisher = (async () => {
        for (let i = 0; publishing && i < 400; i++) {
          sent.push(await publish(base, `event ${i}`));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      await client.until((c) => c.events.length >= 10);
      const drop = await fetch(`${base}/api/sse/drop`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ connection: client.hellos[0]!.connection }),
      });
      expect(drop.status).toBe(204);
      await client.until((c) => c.hellos.length === 2 && c.lives.length === 2, 10_000, 'the reconnect');
      await new Promise((resolve) => setTimeout(resolve, 100));
      publishing = false;
      await publisher;
      await client.until((c) => c.events.length === sent.length, 10_000, 'every published event');
      expect(client.events.map((event) => event.id)).toEqual(sent.map((event) => event.id));
      // The browser-style client sent the id of the last event it saw, and the server replayed from there.
      const resumedFrom = client.hellos[1]!.lastEventId;
      expect(resumedFrom).not.toBeNull();
      const resumeIndex = sent.findIndex((event) => event.id === resumedFrom);
      expect(resumeIndex).toBeGreaterThanOrEqual(9);
      expect(client.resets).toEqual([]);
      client.close();
    });

    it('answers a garbage Last-Event-ID with a reset event that carries the head, never a gap', async () => {
      const head = await publish(base, 'before the bad cursor');
      const client = new RecordingEventSource(`${base}/api/sse?topic=notifications&lastEventId=not-a-cursor`);
      await client.until((c) => c.resets.length === 1);
      expect(client.resets[0]).toEqual({ topic: 'notifications', reason: 'invalid', cursor: head.id });
      const next = await publish(base, 'after');
      await client.until((c) => c.events.length === 1);
      expect(client.events).toEqual([next]);
      client.close();
    });

    it('refuses an unknown topic with a 400 and a JSON error', async () => {
      const response = await fetch(`${base}/api/sse?topic=weather`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'topic: must be one of: ticker, notifications' });
    });

    it('delivers one published event to an SSE client and a WebSocket client alike', async () => {
      const sse = new RecordingEventSource(`${base}/api/sse?topic=notifications`);
      const { socket, messages } = await openWebSocket(base);
      socket.send(JSON.stringify({ type: 'subscribe', topic: 'notifications' }));
      await sse.until((c) => c.lives.length === 1);
      await eventually(() => messages.some((message) => message.type === 'live'));
      const event = await publish(base, 'to everyone');
      await sse.until((c) => c.events.length === 1);
      await eventually(() => messages.some((message) => message.type === 'event'));
      expect(sse.events).toEqual([event]);
      expect(messages.filter((message) => message.type === 'event')).toEqual([{ type: 'event', event }]);
      socket.close();
      sse.close();
      await eventually(async () => (await stats(base)).webSockets === 0, 5000, 'the WebSocket to be released');
    });

    it('delivers one published event to short-poll, long-poll, SSE and WebSocket clients alike', async () => {
      const since = await headCursor(base, 'notifications');
      const longPoll = getPoll(base, `/api/long-poll?topic=notifications&since=${since}&timeout=10`);
      const sse = new RecordingEventSource(`${base}/api/sse?topic=notifications`);
      const { socket, messages } = await openWebSocket(base);
      socket.send(JSON.stringify({ type: 'subscribe', topic: 'notifications' }));
      await sse.until((c) => c.lives.length === 1);
      await eventually(() => messages.some((message) => message.type === 'live'));
      await eventually(async () => (await stats(base)).longPolls === 1, 5000, 'the long poll to be held');
      const event = await publish(base, 'to every transport');
      await sse.until((c) => c.events.length === 1);
      await eventually(() => messages.some((message) => message.type === 'event'));
      expect((await longPoll).body).toEqual({ events: [event], cursor: event.id });
      expect((await getPoll(base, `/api/poll?topic=notifications&since=${since}`)).body).toEqual({ events: [event], cursor: event.id });
      expect(sse.events).toEqual([event]);
      expect(messages.filter((message) => message.type === 'event')).toEqual([{ type: 'event', event }]);
      socket.close();
      sse.close();
      await eventually(async () => (await stats(base)).webSockets === 0, 5000, 'the WebSocket to be released');
    });

    it('carries chat between two WebSocket clients and echoes on /api/ws/echo', async () => {
      const ada = await RecordingWebSocket.open(base);
      const bo = await RecordingWebSocket.open(base);
      await ada.subscribe('chat:suite', { name: 'Ada' });
      await bo.subscribe('chat:suite', { name: 'Bo' });
      ada.send({ type: 'chat', room: 'suite', text: 'hi Bo' });
      await bo.until((c) => c.events('chat:suite').some((event) => event.type === 'message'));
      expect(bo.events('chat:suite').map(({ type, data }) => ({ type, data }))).toEqual([
        { type: 'join', data: { name: 'Bo', members: 2 } },
        { type: 'message', data: { name: 'Ada', text: 'hi Bo' } },
      ]);
      const echo = await RecordingWebSocket.open(base, { path: '/api/ws/echo' });
      echo.send('Hello Server');
      await echo.until((c) => c.texts.length === 1);
      expect(echo.texts).toEqual(['Hello Server']);
      for (const client of [ada, bo, echo]) client.close();
      await eventually(async () => (await stats(base)).webSockets === 0, 5000, 'the WebSockets to be released');
    });

    it('refuses every upgrade on /api/ws/blocked with 403, as a proxy that blocks WebSockets would', async () => {
      const refused = await RecordingWebSocket.open(base, { path: '/api/ws/blocked' }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 403 });
    });

    it('refuses a WebSocket from a foreign Origin with 403', async () => {
      for (const path of ['/api/ws', '/api/ws/echo']) {
        const refused = await RecordingWebSocket.open(base, { path, origin: 'https://evil.example' }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ status: 403 });
      }
    });
  });
}
