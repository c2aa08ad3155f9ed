import { connect, type Socket } from 'node:net';

/** One response as it crossed the wire: every byte, and the parts a test needs. */
export interface RawResponse {
  /** The whole response exactly as read: status line, headers, body (with chunked framing). */
  wire: string;
  status: number;
  /** The body with any chunked framing removed. */
  body: string;
}

/**
 * An HTTP/1.1 client on one keep-alive socket that writes requests byte for byte and keeps every
 * byte it reads, so tests can compare the server's own byte counts with what really crossed.
 */
export class RawHttpClient {
  readonly socket: Socket;
  #buffer = '';
  #waiter: (() => void) | undefined;
  #closed = false;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = connect(Number(port), hostname);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      this.#waiter?.();
    });
    this.socket.on('close', () => {
      this.#closed = true;
      this.#waiter?.();
    });
  }

  /** A GET request with the headers a small client would send. */
  static get(path: string, host: string, extraHeaders: Record<string, string> = {}): string {
    const headers = { Host: host, Accept: 'application/json', ...extraHeaders };
    return `GET ${path} HTTP/1.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`;
  }

  /** Writes `request` exactly as given. */
  send(request: string): void {
    this.socket.write(request, 'latin1');
  }

  /** Reads the next complete response (Content-Length, chunked, or no body for 204/304). */
  async response(): Promise<RawResponse> {
    for (;;) {
      const parsed = parseResponse(this.#buffer);
      if (parsed) {
        this.#buffer = this.#buffer.slice(parsed.wire.length);
        return parsed;
      }
      if (this.#closed) throw new Error(`socket closed before a complete response; got ${JSON.stringify(this.#buffer)}`);
      await new Promise<void>((resolve) => (this.#waiter = resolve));
    }
  }

  /** Sends a request and reads its response. */
  async exchange(request: string): Promise<RawResponse> {
    this.send(request);
    return this.response();
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseResponse(buffer: string): RawResponse | undefined {
  const headEnd = buffer.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = buffer.slice(0, headEnd);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const bodyStart = headEnd + 4;
  if (status === 204 || status === 304) return { wire: buffer.slice(0, bodyStart), status, body: '' };
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    if (buffer.length < end) return undefined;
    return { wire: buffer.slice(0, end), status, body: buffer.slice(bodyStart, end) };
  }
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) throw new Error(`cannot tell where this response ends:\n${head}`);
  let body = '';
  let at = bodyStart;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.slice(at, lineEnd), 16);
    const chunkEnd = lineEnd + 2 + size + 2;
    if (buffer.length < chunkEnd) return undefined;
    body += buffer.slice(lineEnd + 2, lineEnd + 2 + size);
    at = chunkEnd;
    if (size === 0) return { wire: buffer.slice(0, at), status, body };
  }
}
