import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent, WireReset } from '../../src/lib/realtime/protocol.ts';
import { LongPollClient } from '../../src/client/transport/long-poll.ts';
import type { RealtimeClient, RealtimeClientHandlers } from '../../src/client/transport/realtime-client.ts';
import { ShortPollClient } from '../../src/client/transport/short-poll.ts';
import { SseClient, type EventSourceConstructor } from '../../src/client/transport/sse.ts';
import { WebSocketClient } from '../../src/client/transport/websocket.ts';
import { eventually, publish, stats } from '../support/clients.ts';
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
