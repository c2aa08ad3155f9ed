/**
 * WebSocket benchmark against the built server (run `npm run build` first):
 *   npm run bench:ws -- [clients=200] [messages=200] [ratePerSecond=50]
 * 1. Chat fan-out: N clients in one room, one sender at a steady rate; prints delivery latency
 *    (server timestamp → client receipt; same machine, same clock), completeness and server memory.
 * 2. A slow reader: one client stops reading while fat messages are sent to its room; prints how many
 *    bytes the operating system buffered before the server's own queue started to grow, and the
 *    server's peak queue against its cap.
 */
import { readFileSync } from 'node:fs';
import { frameSize } from '../src/client/frame-size.ts';
import { percentile } from '../src/client/stats.ts';
import { stats } from '../tests/support/clients.ts';
import { startBuiltServer } from '../tests/support/server.ts';
import { RecordingWebSocket } from '../tests/support/ws-client.ts';

const [clients = 200, messages = 200, rate = 50] = process.argv.slice(2).map(Number);
const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const CAP = 256 * 1024;

const server = await startBuiltServer({
  WS_MAX_PER_IP: String(clients + 10),
  WS_MESSAGE_BURST: '1000000',
  WS_MESSAGES_PER_SECOND: '1000000',
  WS_MAX_BUFFERED_BYTES: String(CAP),
});
const pid = server.process.pid!;
const base = server.url;
console.log(`server ${base}, pid ${pid}`);

// 1. Fan-out.
console.log(`\nchat fan-out: ${clients} clients in one room, ${messages} messages at ${rate}/s`);
const rssIdle = rssMiB(pid);
const readers = await Promise.all(Array.from({ length: clients }, () => RecordingWebSocket.open(base)));
await Promise.all(readers.map((reader) => reader.subscribe('chat:bench')));
const rssConnected = rssMiB(pid);
const latencies: number[] = [];
for (const reader of readers) {
  reader.socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; event?: { ts: number; type: string } };
    if (message.type === 'event' && message.event!.type === 'message') latencies.push(Date.now() - message.event!.ts);
  });
}
const sender = await RecordingWebSocket.open(base);
// Only a member may post, so the sender joins the room first.
await sender.subscribe('chat:bench', { name: 'Bench' });
const started = Date.now();
for (let i = 0; i < messages; i++) {
  sender.send({ type: 'chat', room: 'bench', text: `message ${i}` });
  const due = started + ((i + 1) * 1000) / rate;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
}
const count = (reader: RecordingWebSocket) => reader.events('chat:bench').filter((event) => event.type === 'message').length;
const deadline = Date.now() + 10_000;
while (readers.some((reader) => count(reader) < messages) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
const rssLoaded = rssMiB(pid);
const complete = readers.filter((reader) => count(reader) === messages).length;
const sample = readers[0]!.texts.find((text) => text.includes('"message 0"'))!;
console.log(`delivered: ${latencies.length} of ${clients * messages}; clients with every message: ${complete} of ${clients}`);
console.log(
  `latency ms: p50 ${percentile(latencies, 0.5)}, p95 ${percentile(latencies, 0.95)}, p99 ${percentile(latencies, 0.99)}, max ${Math.max(...latencies)}`,
);
console.log(
  `one message: ${Buffer.byteLength(sample)} payload bytes, ${frameSize(Buffer.byteLength(sample), false)} on the wire (computed)`,
);
console.log(`server RSS MiB: idle ${rssIdle.toFixed(1)}, ${clients} connected ${rssConnected.toFixed(1)}, after ${rssLoaded.toFixed(1)}`);
for (const reader of readers) reader.close();
sender.close();

// 2. A slow reader.
console.log(`\nslow reader: fat chat messages to a client that stopped reading (cap ${CAP / 1024} KiB)`);
const slow = await RecordingWebSocket.open(base);
const listener = await RecordingWebSocket.open(base);
const flooder = await RecordingWebSocket.open(base);
// Only a member may post, so the flooder joins first.
await flooder.subscribe('chat:slow', { name: 'Flood' });
await slow.subscribe('chat:slow');
await listener.subscribe('chat:slow');
slow.tcp.pause();
const rssBefore = rssMiB(pid);
const text = '€'.repeat(500);
let sent = 0;
let kernelBuffered: number | undefined;
while ((await stats(base)).webSocketOutbox.slowReadersClosed === 0 && sent < 40_000) {
  for (let i = 0; i < 20; i++) flooder.send({ type: 'chat', room: 'slow', text });
  sent += 20;
  await listener.until((c) => c.events('chat:slow').length >= sent, 'the listener', 30_000);
  // Every flood message has the same size, give or take a digit of its id.
  const bytesToSlow = sent * frameSize(Buffer.byteLength(listener.texts.at(-1)!), false);
  if (kernelBuffered === undefined && (await stats(base)).webSocketOutbox.peakBufferedBytes > 0) kernelBuffered = bytesToSlow;
}
const outbox = (await stats(base)).webSocketOutbox;
console.log(`messages sent to the room before the slow reader was closed with 1013: ${sent}`);
console.log(`bytes written before the server's own queue grew (held by the OS): about ${((kernelBuffered ?? 0) / 1e6).toFixed(1)} MB`);
console.log(
  `server's peak queue: ${outbox.peakBufferedBytes} bytes (cap ${CAP}); RSS MiB before ${rssBefore.toFixed(1)}, after ${rssMiB(pid).toFixed(1)}`,
);
slow.tcp.resume();
for (const client of [slow, listener, flooder]) client.close();
await server.stop();
