import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, type SseHello, type WireEvent, type WireReset } from '../../src/lib/realtime/protocol.ts';
import { ConnectionTraffic } from '../../src/client/diagram/widget-traffic.ts';
import { LongPollClient } from '../../src/client/transport/long-poll.ts';
import type { RealtimeClient, RealtimeClientHandlers } from '../../src/client/transport/realtime-client.ts';
import { ShortPollClient } from '../../src/client/transport/short-poll.ts';
import { SseClient, type EventSourceConstructor } from '../../src/client/transport/sse.ts';
import { WebSocketClient } from '../../src/client/transport/websocket.ts';
import { eventually, publish, stats } from '../support/clients.ts';
import { recordDiagram } from '../support/diagram-lines.ts';
import { eventLabel } from '../../src/client/event-label.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const TOPIC = 'notifications';

/** The four transports of the client layer, as Node builds them (EventSource from the `eventsource` package). */
const TRANSPORTS: Array<{ name: string; make: (origin: string, handlers: RealtimeClientHandlers) => RealtimeClient }> = [
  { name: 'short poll', make: (origin, h) => new ShortPollClient({ origin, topic: TOPIC, intervalMs: 100, ...h }) },
  { name: 'long poll', make: (origin, h) => new LongPollClient({ origin, topic: TOPIC, timeoutS: 5, ...h }) },
  {
    name: 'SSE',
    make: (origin, h) => new SseClient({ origin, topic: TOPIC, EventSource: EventSource as unknown as EventSourceConstructor, ...h }),
  },
  { name: 'WebSocket', make: (origin, h) => new WebSocketClient({ origin, topic: TOPIC, ...h }) },
];

/** Everything a client reported, in order. */
function recorder() {
  const events: WireEvent[] = [];
  const resets: WireReset[] = [];
  const live: string[] = [];
  const handlers: RealtimeClientHandlers = {
    onEvent: (e) => events.push(e),
    onReset: (r) => resets.push(r),
    onLive: (c) => live.push(c),
  };
  return { events, resets, live, handlers };
}

let server: RunningServer;
beforeAll(async () => {
  server = await startBuiltServer();
});
afterAll(async () => {
  await server?.stop();
});

for (const transport of TRANSPORTS) {
  describe(`client layer: ${transport.name} against the built server`, () => {
    it('delivers events in order, resumes from a cursor, and releases on stop()', async () => {
      const first = recorder();
      const client = transport.make(server.url, first.handlers);
      client.start();
      await eventually(() => first.live.length > 0, 10_000, 'live');
      const sent = [];
      for (let i = 0; i < 5; i++) sent.push(await publish(server.url, `${transport.name} ${i}`));
      await eventually(() => first.events.length >= 5, 10_000, 'five events');
      expect(first.events.map((e) => e.id)).toEqual(sent.map((e) => e.id));
      client.stop();
      expect(client.state).toBe('stopped');
      await eventually(
        async () => {
          const now = await stats(server.url);
          return now.longPolls === 0 && now.sseStreams === 0 && now.webSockets === 0 && (now.subscribers[TOPIC] ?? 0) === 0;
        },
        10_000,
        'released after stop()',
      );

      // Resume: events published while stopped arrive after a start from the last cursor.
      const missed = [await publish(server.url, `${transport.name} missed 1`), await publish(server.url, `${transport.name} missed 2`)];
      const second = recorder();
      const resumed = transport.make(server.url, second.handlers);
      resumed.start(client.cursor);
      await eventually(() => second.events.length >= 2, 10_000, 'the missed events');
      expect(second.events.map((e) => e.id)).toEqual(missed.map((e) => e.id));
      expect(second.resets).toEqual([]);
      resumed.stop();
    }, 40_000);

    // A well-formed cursor of an epoch this server never had (a malformed one is a 400 for polls).
    it('reports a reset for an unusable cursor, then carries on', async () => {
      const r = recorder();
      const client = transport.make(server.url, r.handlers);
      client.start('zzzzzz-1');
      await eventually(() => r.resets.length > 0, 10_000, 'a reset');
      expect(r.resets[0]!.reason).toBe('unknown');
      await eventually(() => r.live.length > 0, 10_000, 'live');
      const event = await publish(server.url, `${transport.name} after reset`);
      await eventually(() => r.events.some((e) => e.id === event.id), 10_000, 'the event after the reset');
      client.stop();
      await eventually(
        async () => {
          const now = await stats(server.url);
          return now.longPolls === 0 && now.sseStreams === 0 && now.webSockets === 0;
        },
        10_000,
        'released after stop()',
      );
    }, 40_000);
  });
}

describe('client layer: SSE hello, resume and diagram against the built server', () => {
  it('reports each connection’s hello, and after a drop the resume from Last-Event-ID with the count replayed', async () => {
    const diagram = recordDiagram('sse');
    const hellos: SseHello[] = [];
    const lives: Array<[string, number | undefined]> = [];
    const r = recorder();
    const client = new SseClient({
      origin: server.url,
      topic: TOPIC,
      EventSource: EventSource as unknown as EventSourceConstructor,
      traffic: new ConnectionTraffic('sse'),
      ...r.handlers,
      onHello: (hello) => hellos.push(hello),
      onLive: (cursor, replayed) => lives.push([cursor, replayed]),
    });
    client.start();
    await eventually(() => lives.length === 1, 10_000, 'live');
    expect(hellos).toEqual([expect.objectContaining({ topic: TOPIC, lastEventId: null })]);
    expect(hellos[0]!.connection).toMatch(/^[0-9a-f-]{36}$/);
    expect(lives[0]![1]).toBe(0);
    const before = await publish(server.url, 'before the drop');
    await eventually(() => r.events.length === 1, 10_000, 'the first event');

    const dropped = await fetch(new URL(PATHS.sseDrop, server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ connection: hellos[0]!.connection }),
    });
    expect(dropped.status).toBe(204);
    await eventually(() => client.state === 'waiting', 10_000, 'the stream lost');
    // Published while the stream is down (the server told EventSource to wait 1 s): the resume replays them.
    const during = [await publish(server.url, 'while down 1'), await publish(server.url, 'while down 2')];
    await eventually(() => lives.length === 2, 10_000, 'live again after the reconnect');
    expect(hellos).toHaveLength(2);
    expect(hellos[1]!.lastEventId).toBe(before.id);
    expect(hellos[1]!.connection).not.toBe(hellos[0]!.connection);
    expect(lives[1]).toEqual([during[1]!.id, 2]);
    expect(r.events.map((e) => e.id)).toEqual([before, ...during].map((e) => e.id));

    client.stop();
    diagram.stop();
    const label = (e: WireEvent) => `down ${eventLabel(e.id)}`;
    expect(diagram.lines).toEqual([
      'open GET /api/sse',
      'down hello',
      'down live',
      label(before),
      'end stream ended by server',
      'open GET /api/sse + Last-Event-ID',
      'down hello',
      ...during.map(label),
      'down live',
      'end closed by the page by page',
    ]);
    await eventually(async () => (await stats(server.url)).sseStreams === 0, 10_000, 'released after stop()');
  }, 40_000);
});
