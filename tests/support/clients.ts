import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';

/** Publishes a notification through the public API and returns the event the server made. */
export async function publish(base: string, text: string): Promise<RealtimeEvent> {
  const response = await fetch(`${base}/api/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ topic: 'notifications', text }),
  });
  if (response.status !== 201) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as RealtimeEvent;
}

/** Subscriber counts, open streams, held long polls and WebSocket outbox figures as the server reports them. */
export async function stats(base: string): Promise<{
  subscribers: Record<string, number>;
  sseStreams: number;
  longPolls: number;
  webSockets: number;
  webSocketOutbox: { peakBufferedBytes: number; droppedMessages: number; slowReadersClosed: number };
}> {
  return (await (await fetch(`${base}/api/stats`)).json()) as never;
}

/** Polls `check` until it returns true or `ms` passes (for server-side counters that settle asynchronously). */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** An EventSource (the `eventsource` package) that records what it receives. */
export class RecordingEventSource {
  readonly source: EventSource;
  readonly events: RealtimeEvent[] = [];
  readonly resets: unknown[] = [];
  readonly hellos: Array<{ connection: string; lastEventId: string | null }> = [];
  readonly lives: Array<{ replayed: number; cursor: string }> = [];

  constructor(url: string) {
    this.source = new EventSource(url);
    this.source.onmessage = (message) => {
      this.events.push(JSON.parse(message.data) as RealtimeEvent);
    };
    this.source.addEventListener('hello', (message) => {
      this.hellos.push(JSON.parse(message.data));
    });
    this.source.addEventListener('live', (message) => {
      this.lives.push(JSON.parse(message.data));
    });
    this.source.addEventListener('reset', (message) => {
      this.resets.push(JSON.parse(message.data));
    });
  }

  /** Resolves once `check` holds for what was recorded. */
  until(check: (self: this) => boolean, ms = 10_000, what = 'events'): Promise<void> {
    return eventually(() => check(this), ms, what);
  }

  close(): void {
    this.source.close();
  }
}

/** A `ws` client on /api/ws that records JSON messages. */
export async function openWebSocket(base: string): Promise<{ socket: WebSocket; messages: Array<Record<string, unknown>> }> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, { origin: base });
  const messages: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages };
}

/** Reads a stream until `marker` has arrived; fails if the stream ends first. */
export async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(marker)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before ${JSON.stringify(marker)}; got:\n${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}
