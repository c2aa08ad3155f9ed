import { EventSource } from 'eventsource';
import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import { eventually, stats } from './clients.ts';
import { LongPollClient } from '../../src/client/transport/long-poll.ts';
import type { PollClient, PollClientOptions } from '../../src/client/transport/poll-loop.ts';
import { ShortPollClient } from '../../src/client/transport/short-poll.ts';
import { RecordingWebSocket } from './ws-client.ts';

/** The transports of the site, by the id their unit exports. */
export type TransportName = 'short-poll' | 'long-poll' | 'sse' | 'websocket';

/** One client of a transport, reading a topic from a cursor on, as a widget would. */
export interface TransportSubscriber {
  readonly events: RealtimeEvent[];
  readonly resets: ResetNotice[];
  /** Resolves once the client is receiving (the first reply, or `live`). */
  readonly ready: Promise<void>;
  until(check: () => boolean, what: string, ms?: number): Promise<void>;
  /** Leaves: aborts the request or closes the stream or socket. */
  close(): void;
}

/** How the conformance suite drives one transport, and what it may expect of it. */
export interface TransportDriver {
  name: TransportName;
  /** Reads `topic` after `since` until closed. */
  subscribe(base: string, topic: string, since: string): TransportSubscriber;
  /** What the server holds open for this transport's clients, from /api/stats. */
  held(stats: Record<string, unknown>): number;
  /** The setting that caps what one address may hold open; absent when the transport holds nothing between requests. */
  perIpCap?: 'LONG_POLL_MAX_PER_IP' | 'MAX_STREAMS_PER_IP' | 'WS_MAX_PER_IP';
  /** Pushes to a connection the reader may stop reading: the shared outbox policy must bound it. */
  push: boolean;
  /** The status one more request or handshake gets from an address at its cap. */
  refusedStatus?(base: string): Promise<number>;
}

async function fetchStatus(url: string): Promise<number> {
  const response = await fetch(url);
  await response.body?.cancel();
  return response.status;
}

/** Waits for `check`, polling briefly; fails at once with the client's own error if it has one. */
function waiter(failure: () => Error | undefined) {
  return (check: () => boolean, what: string, ms = 10_000): Promise<void> =>
    eventually(
      () => {
        const error = failure();
        if (error) throw error;
        return check();
      },
      ms,
      what,
    );
}

/** Short or long polling through the site's own transport layer, from `since` on; a failed request ends it with that error. */
function pollSubscriber(base: string, topic: string, since: string, kind: 'short' | 'long'): TransportSubscriber {
  const events: RealtimeEvent[] = [];
  const resets: ResetNotice[] = [];
  let failure: Error | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const options: PollClientOptions = {
    origin: base,
    topic,
    onEvent: (event) => events.push(event),
    onReset: (reset) => resets.push(reset),
    onRequest: () => (end) => {
      if (end.outcome !== 'error' && end.outcome !== 'aborted') markReady();
    },
    // The layer would back off and retry; the suite wants the first failure, as the reader would see it.
    onState: (state, reason) => {
      if (state !== 'waiting') return;
      failure = new Error(`${kind} poll of ${topic} failed: ${reason}`);
      client.stop();
    },
  };
  const client: PollClient =
    kind === 'short' ? new ShortPollClient({ ...options, intervalMs: 10 }) : new LongPollClient({ ...options, timeoutS: 5 });
  client.start(since);
  // A long poll is "ready" once its first request is held; the first reply can be minutes away.
  if (kind === 'long') setTimeout(markReady, 10);
  return { events, resets, ready, until: waiter(() => failure), close: () => client.stop() };
}

/** An EventSource (the `eventsource` package) resuming after `since` with `lastEventId`. */
function sseSubscriber(base: string, topic: string, since: string): TransportSubscriber {
  const events: RealtimeEvent[] = [];
  const resets: ResetNotice[] = [];
  const source = new EventSource(`${base}/api/sse?topic=${topic}&lastEventId=${encodeURIComponent(since)}`);
  source.onmessage = (message) => events.push(JSON.parse(message.data) as RealtimeEvent);
  source.addEventListener('reset', (message) => resets.push(JSON.parse(message.data) as ResetNotice));
  const ready = new Promise<void>((resolve) => source.addEventListener('live', () => resolve(), { once: true }));
  return { events, resets, ready, until: waiter(() => undefined), close: () => source.close() };
}

/** A WebSocket on /api/ws subscribed with `since`. */
function webSocketSubscriber(base: string, topic: string, since: string): TransportSubscriber {
  const client = new RecordingWebSocket(base);
  const events: RealtimeEvent[] = [];
  const resets: ResetNotice[] = [];
  const ready = (async () => {
    await client.opened;
    client.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event?: RealtimeEvent } & ResetNotice;
      if (message.type === 'event') events.push(message.event!);
      if (message.type === 'reset') resets.push({ topic: message.topic, reason: message.reason, cursor: message.cursor });
    });
    await client.subscribe(topic, { since });
  })();
  // A client closed before its handshake finished rejects `ready`; that is the test's own doing.
  ready.catch(() => {});
  return { events, resets, ready, until: waiter(() => undefined), close: () => client.socket.terminate() };
}

/** Every transport, as the conformance suite drives it. */
export const TRANSPORT_DRIVERS: readonly TransportDriver[] = [
  { name: 'short-poll', subscribe: (base, topic, since) => pollSubscriber(base, topic, since, 'short'), held: () => 0, push: false },
  {
    name: 'long-poll',
    subscribe: (base, topic, since) => pollSubscriber(base, topic, since, 'long'),
    held: (s) => s.longPolls as number,
    perIpCap: 'LONG_POLL_MAX_PER_IP',
    push: false,
    refusedStatus: (base) => fetchStatus(`${base}/api/long-poll?topic=notifications&timeout=1`),
  },
  {
    name: 'sse',
    subscribe: sseSubscriber,
    held: (s) => s.sseStreams as number,
    perIpCap: 'MAX_STREAMS_PER_IP',
    push: true,
    refusedStatus: (base) => fetchStatus(`${base}/api/sse?topic=notifications`),
  },
  {
    name: 'websocket',
    subscribe: webSocketSubscriber,
    held: (s) => s.webSockets as number,
    perIpCap: 'WS_MAX_PER_IP',
    push: true,
    refusedStatus: async (base) => {
      const refused = await RecordingWebSocket.open(base).then(
        (client) => {
          client.close();
          return { status: 101 };
        },
        (error: unknown) => error as { status: number },
      );
      return refused.status;
    },
  },
];

/** Resolves once the server holds nothing for `driver` and no subscriptions on `topic`. */
export function released(base: string, driver: TransportDriver, topic: string, what: string): Promise<void> {
  return eventually(
    async () => {
      const now = (await stats(base)) as unknown as Record<string, unknown> & { subscribers: Record<string, number> };
      return driver.held(now) === 0 && (now.subscribers[topic] ?? 0) === 0;
    },
    10_000,
    what,
  );
}
