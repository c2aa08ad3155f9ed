import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { empty, json, type Route } from '../../src/lib/realtime/http/api.ts';
import { readJsonBody } from '../../src/lib/realtime/http/body.ts';
import { createNodeApiHandler } from '../../src/lib/realtime/http/node-adapter.ts';
import { RouteTable } from '../../src/lib/realtime/http/route-table.ts';
import { handleWebRequest } from '../../src/lib/realtime/http/web-adapter.ts';
import { eventually } from '../support/clients.ts';

/**
 * The HTTP core's adapters on a real node:http server in this process (no build needed): the
 * Node adapter's fast path, and the Web adapter answering the same routes with a Response.
 */
let bodiesRead = 0;
const routes: Route[] = [
  { method: 'GET', path: '/api/ok', handler: (request) => json(200, { hello: request.query.get('name') }) },
  {
    method: 'POST',
    path: '/api/echo',
    handler: async (request) => {
      const body = await readJsonBody(request);
      if (!body.ok) return body.reply;
      bodiesRead += 1;
      return json(200, body.value);
    },
  },
  {
    method: 'GET',
    path: '/api/broken',
    handler: () => {
      throw new Error('a bug of ours');
    },
  },
  {
    method: 'GET',
    path: '/api/stream',
    stream: { 'Content-Type': 'text/event-stream' },
    handler: () => ({
      kind: 'stream',
      status: 200,
      headers: { 'Content-Type': 'text/event-stream' },
      open: (sink) => sink.write('data: hi\n\n'),
    }),
  },
  { method: 'POST', path: '/api/nothing', handler: () => empty(204) },
];
const table = new RouteTable(routes);

describe('HTTP core, Node adapter', () => {
  let server: Server;
  let base = '';
  const errors = vi.spyOn(console, 'error');
  beforeAll(async () => {
    errors.mockImplementation(() => {});
    const handle = createNodeApiHandler(table);
    server = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(418).end('not an API path');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    errors.mockRestore();
  });
  afterEach(() => errors.mockClear());

  it('answers a route with JSON, and leaves other paths to the next handler', async () => {
    const response = await fetch(`${base}/api/ok?name=Ada`);
    expect([response.status, response.headers.get('content-type'), await response.json()]).toEqual([
      200,
      'application/json; charset=utf-8',
      { hello: 'Ada' },
    ]);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(418);
  });

  it('answers every API path itself: one the table does not know gets a JSON 404, not the next handler', async () => {
    const response = await fetch(`${base}/api/elsewhere`);
    expect([response.status, response.headers.get('content-type'), await response.json()]).toEqual([
      404,
      'application/json; charset=utf-8',
      { error: 'no such API route' },
    ]);
  });

  it('answers OPTIONS with 204 and Allow, and a missing method with 405 and Allow', async () => {
    const options = await fetch(`${base}/api/echo`, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'POST, OPTIONS']);
    const wrong = await fetch(`${base}/api/ok`, { method: 'DELETE' });
    expect([wrong.status, wrong.headers.get('allow'), await wrong.json()]).toEqual([
      405,
      'GET, HEAD, OPTIONS',
      { error: 'method not allowed; use GET, HEAD, OPTIONS' },
    ]);
  });

  it('logs an unexpected error once, with the request id it answers with', async () => {
    const response = await fetch(`${base}/api/broken`);
    const body = (await response.json()) as { error: string };
    const id = response.headers.get('x-request-id');
    expect(response.status).toBe(500);
    expect(body.error).toBe(`internal error (request ${id})`);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toBe(`request ${id} failed: GET /api/broken`);
  });

  it('stops reading a body at the first byte past 4 KiB: 413, and the connection closes', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (reply += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.write('POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    // Keep sending 64 KiB chunks until the server answers: it must answer long before 100 MB.
    let sent = 0;
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    while (!reply && !socket.destroyed && sent < 100 * 1024 * 1024) {
      if (!socket.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 5));
      sent += 0x10000;
    }
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(reply).toContain('Connection: close');
    expect(reply).toContain('{"error":"body must be at most 4096 bytes"}');
    expect(sent).toBeLessThan(32 * 1024 * 1024);
    expect(bodiesRead).toBe(0);
  });

  it('answers 413 at once to a Content-Length over the limit, before any of the body arrives', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', () => {});
    socket.write('POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"a":');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('reads a body within the limit, in pieces', async () => {
    const response = await fetch(`${base}/api/echo`, { method: 'POST', body: JSON.stringify({ text: 'é'.repeat(2000) }) });
    expect([response.status, await response.json()]).toEqual([200, { text: 'é'.repeat(2000) }]);
  });

  it('treats a client that resets mid-body as gone: no answer, nothing logged', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"text":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors).not.toHaveBeenCalled();
    expect((await fetch(`${base}/api/ok`)).status).toBe(200);
  });

  it('answers HEAD on a stream route with its headers only, opening nothing', async () => {
    const response = await fetch(`${base}/api/stream`, { method: 'HEAD' });
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/event-stream', '']);
  });
});

describe('HTTP core, Node adapter: shared headers and draining', () => {
  it('writes the shared headers with every answer, and Connection: close once draining', async () => {
    let draining = false;
    const handle = createNodeApiHandler(table, { headers: { 'X-Shared': 'yes' }, draining: () => draining });
    const server = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/api/ok', '/api/elsewhere']) {
        const response = await fetch(`${url}${path}`);
        expect([response.headers.get('x-shared'), response.headers.get('connection')]).toEqual(['yes', 'keep-alive']);
      }
      draining = true;
      const response = await fetch(`${url}/api/ok`);
      expect([response.status, response.headers.get('x-shared'), response.headers.get('connection')]).toEqual([200, 'yes', 'close']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('HTTP core, Web adapter', () => {
  const request = (path: string, init?: RequestInit) =>
    handleWebRequest(table, { request: new Request(`http://x${path}`, init), clientAddress: '127.0.0.1' });

  it('answers the same routes with a Response', async () => {
    const response = await request('/api/ok?name=Bo');
    expect([response.status, await response.json()]).toEqual([200, { hello: 'Bo' }]);
    const options = await request('/api/echo', { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'POST, OPTIONS']);
    const head = await request('/api/stream', { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, null]);
  });

  it('counts a streamed body as it arrives and stops past the limit', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024).fill(32));
        if (pulled > 1000) controller.close();
      },
    });
    const response = await request('/api/echo', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it('releases a stream when the client cancels it', async () => {
    let closed = 0;
    const streaming = new RouteTable([
      {
        method: 'GET',
        path: '/s',
        handler: () => ({ kind: 'stream', status: 200, headers: {}, open: (sink) => sink.onClose(() => (closed += 1)) }),
      },
    ]);
    const response = await handleWebRequest(streaming, { request: new Request('http://x/s'), clientAddress: '127.0.0.1' });
    await response.body!.cancel();
    await eventually(() => closed === 1, 1000, 'the stream to be released');
  });
});
