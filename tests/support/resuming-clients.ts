import type { RealtimeEvent, ResetNotice } from '../../src/lib/realtime/event.ts';
import { parseCursor } from '../../src/lib/realtime/cursor.ts';
import { RecordingEventSource } from './clients.ts';
import { RecordingWebSocket } from './ws-client.ts';

/** What a client received, in arrival order: events and the resets between them. */
export type Received = { kind: 'event'; event: RealtimeEvent } | { kind: 'reset'; reset: ResetNotice };

/** A client that survives its server going away: it reconnects and resumes from the last event it saw. */
export interface ResumingClient {
  /** Everything received over every connection, in order. */
  readonly timeline: Received[];
  /** The instance named by each connection's hello, in order. */
  readonly instances: string[];
  /** Events received, in order (duplicates included: tests look for them). */
  events(): RealtimeEvent[];
  close(): void;
}

function lastEventId(timeline: Received[]): string | undefined {
  for (let index = timeline.length - 1; index >= 0; index--) {
    const item = timeline[index]!;
    if (item.kind === 'event') return item.event.id;
    return item.reset.cursor;
  }
  return undefined;
}

const eventsOf = (timeline: Received[]): RealtimeEvent[] => timeline.flatMap((item) => (item.kind === 'event' ? [item.event] : []));

/**
 * A WebSocket on /api/ws subscribed to `topic`: when the socket closes (1001, 1006, …) it opens a
 * new one on `base` after `retryMs` and subscribes with `since` = the last event it received.
 */
export class ResumingWebSocket implements ResumingClient {
  readonly timeline: Received[] = [];
  readonly instances: string[] = [];
  /** Close codes of every connection that ended without us asking. */
  readonly closeCodes: number[] = [];
  #closed = false;
  #current?: RecordingWebSocket;

  readonly base: string;
  readonly topic: string;
  readonly retryMs: number;

  private constructor(base: string, topic: string, retryMs: number) {
    this.base = base;
    this.topic = topic;
    this.retryMs = retryMs;
  }

  /** Connects, subscribes (from `since` if given) and resolves once live. */
  static async open(base: string, topic: string, options: { since?: string; retryMs?: number } = {}): Promise<ResumingWebSocket> {
    const client = new ResumingWebSocket(base, topic, options.retryMs ?? 100);
    await client.#connect(options.since);
    return client;
  }

  events(): RealtimeEvent[] {
    return eventsOf(this.timeline);
  }

  async #connect(since: string | undefined): Promise<void> {
    const socket = await RecordingWebSocket.open(this.base);
    this.#current = socket;
    this.instances.push(String(socket.ofType('hello')[0]!.instance));
    socket.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.type === 'event' && (message.event as RealtimeEvent).topic === this.topic) {
        this.timeline.push({ kind: 'event', event: message.event as RealtimeEvent });
      }
      if (message.type === 'reset' && message.topic === this.topic)
        this.timeline.push({ kind: 'reset', reset: message as unknown as ResetNotice });
    });
    socket.socket.on('close', (code) => {
      if (this.#closed || socket !== this.#current) return;
      this.closeCodes.push(code);
      void this.#reconnect();
    });
    await socket.subscribe(this.topic, since ? { since } : {});
  }

  async #reconnect(): Promise<void> {
    while (!this.#closed) {
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      try {
        await this.#connect(lastEventId(this.timeline));
        return;
      } catch {
        // refused (the proxy has no instance yet, or 503): try again
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#current?.close();
  }
}

/**
 * An EventSource on /api/sse?topic=…: the `eventsource` package reconnects by itself and sends
 * Last-Event-ID; when it gives up (an error status such as 502 or 503) this opens a new one with
 * `lastEventId` = the last event received.
 */
export class ResumingEventSource implements ResumingClient {
  readonly timeline: Received[] = [];
  readonly instances: string[] = [];
  /** How many times a new EventSource had to be made after one gave up. */
  reopened = 0;
  #closed = false;
  #current?: RecordingEventSource;

  readonly base: string;
  readonly topic: string;

  constructor(base: string, topic: string, since?: string) {
    this.base = base;
    this.topic = topic;
    this.#open(since);
  }

  /** Resolves once the first connection is live. */
  live(ms = 10_000): Promise<void> {
    return this.#current!.until((source) => source.lives.length > 0, ms, 'the stream to go live');
  }

  events(): RealtimeEvent[] {
    return eventsOf(this.timeline);
  }

  #open(since: string | undefined): void {
    const query = `topic=${encodeURIComponent(this.topic)}${since ? `&lastEventId=${encodeURIComponent(since)}` : ''}`;
    const recorder = new RecordingEventSource(`${this.base}/api/sse?${query}`);
    this.#current = recorder;
    const { source } = recorder;
    source.addEventListener('message', (message) =>
      this.timeline.push({ kind: 'event', event: JSON.parse(message.data) as RealtimeEvent }),
    );
    source.addEventListener('reset', (message) => this.timeline.push({ kind: 'reset', reset: JSON.parse(message.data) as ResetNotice }));
    source.addEventListener('hello', (message) => this.instances.push(String((JSON.parse(message.data) as { instance: string }).instance)));
    source.addEventListener('error', () => {
      if (this.#closed || recorder !== this.#current || source.readyState !== source.CLOSED) return;
      this.reopened += 1;
      setTimeout(() => {
        if (!this.#closed) this.#open(lastEventId(this.timeline));
      }, 200);
    });
  }

  close(): void {
    this.#closed = true;
    this.#current?.close();
  }
}

/**
 * Checks a client's timeline: no event twice, and between two consecutive events either the next
 * sequence number of the same epoch or an explicit reset — never a silent gap. Returns the problems.
 */
export function gapsAndDuplicates(timeline: Received[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let previous: RealtimeEvent | undefined;
  let resetSince = false;
  for (const item of timeline) {
    if (item.kind === 'reset') {
      resetSince = true;
      continue;
    }
    const { event } = item;
    if (seen.has(event.id)) problems.push(`duplicate ${event.id}`);
    seen.add(event.id);
    if (previous && !resetSince) {
      const before = parseCursor(previous.id)!;
      const now = parseCursor(event.id)!;
      if (before.epoch !== now.epoch || now.seq !== before.seq + 1) problems.push(`gap ${previous.id} → ${event.id} without a reset`);
    }
    previous = event;
    resetSince = false;
  }
  return problems;
}
