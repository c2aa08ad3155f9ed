import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 answer: status and body (Content-Length bodies only, which is all the benchmark meets). */
export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * A minimal keep-alive HTTP/1.1 client on one socket, one request at a time. Thousands of them
 * cost the load generator far less than node:http's client, so the server, not the generator, is
 * what the benchmark measures.
 */
export class RawHttpConnection {
  readonly #socket: Socket;
  readonly #host: string;
  #buffer = '';
  #pending: ((answer: RawAnswer) => void) | undefined;
  #failed: ((error: Error) => void) | undefined;
  readonly connected: Promise<void>;

  constructor(port: number) {
    this.#host = `127.0.0.1:${port}`;
    this.#socket = connect(port, '127.0.0.1');
    this.#socket.setEncoding('latin1');
    this.#socket.setNoDelay(true);
    this.connected = new Promise((resolve, reject) => {
      this.#socket.once('connect', resolve);
      this.#socket.once('error', reject);
    });
    this.#socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      this.#drain();
    });
    this.#socket.on('error', (error) => this.#failed?.(error));
    this.#socket.on('close', () => this.#failed?.(new Error('connection closed')));
  }

  /** GETs `path`; resolves with the answer. */
  get(path: string): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      this.#pending = resolve;
      this.#failed = reject;
      this.#socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.#host}\r\n\r\n`);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #drain(): void {
    const headEnd = this.#buffer.indexOf('\r\n\r\n');
    if (headEnd === -1 || !this.#pending) return;
    const head = this.#buffer.slice(0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.#buffer.length < headEnd + 4 + length) return;
    const body = Buffer.from(this.#buffer.slice(headEnd + 4, headEnd + 4 + length), 'latin1').toString('utf8');
    this.#buffer = this.#buffer.slice(headEnd + 4 + length);
    const resolve = this.#pending;
    this.#pending = undefined;
    this.#failed = undefined;
    resolve({ status, body });
  }
}

/** A raw event-stream reader: calls `onFrame` with each complete frame's text. */
export function openEventStream(port: number, path: string, onFrame: (frame: string) => void): { socket: Socket; ready: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  let headersDone = false;
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!headersDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        if (!buffer.startsWith('HTTP/1.1 200')) reject(new Error(buffer.slice(0, 40)));
        headersDone = true;
        buffer = buffer.slice(end + 4);
        resolve();
      }
      let frameEnd: number;
      while ((frameEnd = buffer.indexOf('\n\n')) !== -1) {
        onFrame(buffer.slice(0, frameEnd));
        buffer = buffer.slice(frameEnd + 2);
      }
    });
  });
  socket.on('error', () => {});
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  return { socket, ready };
}
