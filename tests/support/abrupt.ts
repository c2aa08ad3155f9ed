import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** A WebSocket upgrade request for `path`, as a browser would send it (Origin optional). */
export function upgradeRequest(base: string, path: string, origin: string | null = base): string {
  const { host } = new URL(base);
  const originLine = origin === null ? '' : `Origin: ${origin}\r\n`;
  return (
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${originLine}Upgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`
  );
}

/** A plain GET request for `path`. */
export function getRequest(base: string, path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${new URL(base).host}\r\nAccept: */*\r\n\r\n`;
}

/**
 * Connects, writes `raw`, and after `delayMs` resets the connection (a TCP RST, as SO_LINGER 0
 * does) without reading the answer: the rudest way a client can leave. Resolves once it is gone.
 */
export function sendThenReset(base: string, raw: string, delayMs = 0, localAddress?: string): Promise<void> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), ...(localAddress ? { localAddress } : {}) }, () => {
      socket.write(raw);
      const reset = (): void => {
        if (!socket.destroyed) socket.resetAndDestroy();
      };
      if (delayMs === 0) reset();
      else setTimeout(reset, delayMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

/** The answer to one HTTP request made from `localAddress` (another loopback address stands for another client). */
export interface AddressedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Makes one request from a chosen loopback address and reads the whole answer (for streams: aborts after the headers). */
export function requestFrom(
  localAddress: string,
  url: string,
  options: { method?: string; body?: string; keepOpen?: boolean } = {},
): Promise<AddressedResponse & { close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      localAddress,
      agent: false,
      headers: options.body ? { 'Content-Type': 'application/json' } : {},
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const close = (): void => {
        req.destroy();
      };
      if (options.keepOpen && res.statusCode === 200) {
        resolve({ status: res.statusCode, headers: res.headers, body: '', close });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, close }));
    });
    req.end(options.body);
  });
}

/** Starts a request from `localAddress` and leaves it waiting (a held long poll); `close` abandons it. */
export function holdFrom(localAddress: string, url: string): { close(): void } {
  const req = request(url, { localAddress, agent: false });
  req.on('error', () => {});
  req.end();
  return { close: () => req.destroy() };
}

/** A raw connection that records every byte the server sends. */
export function rawConnection(base: string): { socket: Socket; received: () => string; closed: Promise<void> } {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

/** Sends a chunked body of up to 100 MB, 64 KiB at a time, until the server answers or closes. */
export async function floodBody(base: string, path: string): Promise<{ reply: string; sent: number }> {
  const { socket, received, closed } = rawConnection(base);
  socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
  let sent = 0;
  while (!received() && !socket.destroyed && sent < 100 * 1024 * 1024) {
    if (!socket.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 5));
    sent += 0x10000;
  }
  await closed;
  return { reply: received(), sent };
}
