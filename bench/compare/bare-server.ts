/**
 * The bare-Node baselines of `npm run bench:compare`, in one process on one port: the least a
 * Node server can do for each job, with no framework, no validation and no bookkeeping.
 *   GET /json        an empty poll answer (`{"events":[],"cursor":…}`)
 *   GET /page        one built page, brotli bytes from memory (pass its path as argv[2])
 *   GET /long-poll   held until the next tick (or answered at once when `since` is behind)
 *   GET /sse         every tick as an event, framed once and written to every stream
 *   WS  /ws          every tick as a text message to every socket
 * A tick every TICK_MS (default 500) carries an event shaped like the project's ticker events.
 * Prints `listening on http://127.0.0.1:<port>`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const tickMs = Number(process.env.TICK_MS ?? 500);
const page = process.argv[2] ? readFileSync(process.argv[2]) : Buffer.from('no page');
const emptyPoll = JSON.stringify({ events: [], cursor: 'bare-0' });

interface Tick {
  seq: number;
  text: string;
}
const recent: Tick[] = [];
let seq = 0;
const heldPolls = new Set<{ res: ServerResponse; since: number }>();
const streams = new Set<ServerResponse>();

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/json') {
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(emptyPoll),
      'Cache-Control': 'no-store',
    });
    res.end(emptyPoll);
  } else if (url === '/page') {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Encoding': 'br',
      'Content-Length': page.byteLength,
      Vary: 'Accept-Encoding',
    });
    res.end(page);
  } else if (url.startsWith('/long-poll')) {
    const since = Number(new URL(url, 'http://x').searchParams.get('since') ?? seq);
    const behind = recent.filter((tick) => tick.seq > since);
    if (behind.length > 0) answerPoll(res, behind);
    else {
      const held = { res, since };
      heldPolls.add(held);
      res.once('close', () => heldPolls.delete(held));
    }
  } else if (url === '/sse') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    res.once('close', () => streams.delete(res));
  } else {
    res.writeHead(404).end();
  }
});

function answerPoll(res: ServerResponse, ticks: Tick[]): void {
  const body = `{"events":[${ticks.map((tick) => tick.text).join(',')}],"cursor":${ticks.at(-1)!.seq}}`;
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
wss.on('connection', (socket) => socket.on('error', () => {}));

setInterval(() => {
  seq += 1;
  const event = {
    id: `bare-${seq}`,
    topic: 'ticker',
    type: 'price',
    data: { symbol: 'RTL', price: 100 + Math.round(Math.random() * 1000) / 100, change: 0.12 },
    ts: Date.now(),
  };
  const tick = { seq, text: JSON.stringify(event) };
  recent.push(tick);
  if (recent.length > 100) recent.shift();
  for (const held of heldPolls) answerPoll(held.res, [tick]);
  heldPolls.clear();
  const frame = `id: ${event.id}\ndata: ${tick.text}\n\n`;
  for (const res of streams) res.write(frame);
  const message = JSON.stringify({ type: 'event', event });
  for (const client of wss.clients) client.send(message);
}, tickMs);

server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
