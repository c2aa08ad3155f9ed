import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { meterHttpServer } from '../../src/lib/realtime/usage/http-meter.ts';
import { UsageStore } from '../../src/lib/realtime/usage/usage-store.ts';

/** A raw client that writes exact bytes and counts every byte it reads back. */
class RawClient {
  readonly socket: Socket;
  received = '';
  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => (this.received += chunk));
  }
  /** Sends `request` and resolves with the bytes of the complete response (Content-Length bodies). */
  async exchange(request: string): Promise<string> {
    const before = this.received.length;
    this.socket.write(request);
    for (;;) {
      const text = this.received.slice(before);
      const headEnd = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (headEnd >= 0 && length && text.length >= headEnd + 4 + Number(length[1])) return text;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function startServer(store: UsageStore): Promise<number> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const reply = JSON.stringify({ path: request.url, got: body.length });
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(reply) });
      response.end(reply);
    });
  });
  server.keepAliveTimeout = 5000;
  meterHttpServer(server, store);
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port)));
}

describe('http meter', () => {
  it('counts exactly the bytes each exchange moved on a keep-alive socket, metered or not in between', async () => {
    const store = new UsageStore();
    const client = new RawClient(await startServer(store));
    const first = 'GET /api/poll?topic=ticker&session=meter-test-1 HTTP/1.1\r\nHost: t\r\nX-Padding: abcdefghij\r\n\r\n';
    const other = 'GET /api/time HTTP/1.1\r\nHost: t\r\n\r\n';
    const second = 'POST /api/poll?session=meter-test-1 HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world';
    const firstReply = await client.exchange(first);
    const otherReply = await client.exchange(other);
    const secondReply = await client.exchange(second);
    client.socket.end();
    expect(otherReply.length).toBeGreaterThan(0);
    expect(store.snapshot('meter-test-1')).toEqual({
      session: 'meter-test-1',
      requests: 2,
      received: first.length + second.length,
      sent: firstReply.length + secondReply.length,
      open: 0,
      routes: { '/api/poll': { requests: 2, received: first.length + second.length, sent: firstReply.length + secondReply.length } },
    });
  });

  it('ignores requests without a well-formed session, outside /api/, or to /api/usage', async () => {
    const store = new UsageStore();
    const client = new RawClient(await startServer(store));
    await client.exchange('GET /api/poll?session=bad HTTP/1.1\r\nHost: t\r\n\r\n');
    await client.exchange('GET /page?session=meter-test-2 HTTP/1.1\r\nHost: t\r\n\r\n');
    await client.exchange('GET /api/usage?session=meter-test-2 HTTP/1.1\r\nHost: t\r\n\r\n');
    const metered = 'GET /api/poll?session=meter-test-2 HTTP/1.1\r\nHost: t\r\n\r\n';
    const reply = await client.exchange(metered);
    client.socket.end();
    expect(store.size).toBe(1);
    expect(store.snapshot('meter-test-2')).toMatchObject({ requests: 1, received: metered.length, sent: reply.length });
  });
});
