import { BackplaneUnavailable } from '../bus/backplane-error.ts';
import { EventEmitter } from 'node:events';
import { createClient, type RedisClientType } from '@redis/client';

/** Options for an instance's connections to Redis. */
export interface RedisConnectionOptions {
  /** `redis://[[user][:password]@]host[:port][/db]`. */
  url: string;
  /** Longest wait for one command before it fails, ms. Default 2000. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts, ms. Default 1000. */
  maxReconnectDelayMs?: number;
}

/** A client as this code uses it: RESP3, no modules, raw commands through `sendCommand`. */
export type RedisClient = RedisClientType;

/**
 * An instance's two connections to Redis: `commands` for everything, `subscriber` for pub/sub
 * (a subscribed connection takes no other commands). Both reconnect forever with a short back-off.
 * While Redis is away commands fail at once instead of queueing, so a request gets its 503
 * quickly; only before the very first connection do they wait for it. `up` is true while both
 * connections are ready; 'up' and 'down' events tell the change.
 */
export class RedisConnection extends EventEmitter<{ up: []; down: [] }> {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  /** Settles when both connections were ready once. */
  readonly connected: Promise<void>;
  #up = false;
  /** Once both were ready, commands stop waiting for a connection and fail fast instead. */
  #everReady = false;
  /** Set when a wait for the first connection timed out: later calls fail fast too, until it comes. */
  #gaveUpWaiting = false;
  #closed = false;
  #lastError = '';

  constructor(options: RedisConnectionOptions) {
    super();
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    this.commands = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs ?? 2000 },
      socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, maxDelay) },
    }) as RedisClient;
    this.subscriber = this.commands.duplicate();
    for (const client of [this.commands, this.subscriber]) {
      client.on('ready', () => this.#update());
      client.on('end', () => this.#update());
      client.on('reconnecting', () => this.#update());
      // Without an 'error' listener the emitter would throw and end the process.
      client.on('error', (error: Error) => this.#failed(error));
    }
    this.connected = Promise.all([this.commands.connect(), this.subscriber.connect()]).then(() => undefined);
    // A failure here is reported through 'error' and retried; callers wait on `connected`.
    this.connected.catch(() => {});
  }

  /** True while both connections are ready. */
  get up(): boolean {
    return this.#up;
  }

  /** Runs `command` on the command connection: waits for the first connection, fails fast after it. */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      if (!this.#everReady && !this.#gaveUpWaiting) await this.#firstConnection();
      return await command(this.commands);
    } catch (error) {
      // A command that failed because Redis is away is the backplane's state, not a bug: say so.
      if (!this.commands.isReady) throw new BackplaneUnavailable(error);
      throw error;
    }
  }

  /** Subscribes `listener` to a pub/sub channel; after a reconnection the client subscribes it again. */
  async subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void> {
    if (!this.#everReady && !this.#gaveUpWaiting) await this.#firstConnection();
    await this.subscriber.subscribe(channel, listener);
  }

  /** Removes `listener` from a channel (Redis is told once no listener is left); fails while Redis is away. */
  async unsubscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void> {
    await this.subscriber.unsubscribe(channel, listener);
  }

  /** Closes both connections; pending commands fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const client of [this.commands, this.subscriber]) {
      if (client.isOpen) client.destroy();
    }
    this.#update();
  }

  async #firstConnection(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#gaveUpWaiting = true;
        reject(new Error('Redis is not reachable'));
      }, 5000);
    });
    try {
      await Promise.race([this.connected, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #update(): void {
    const up = !this.#closed && this.commands.isReady && this.subscriber.isReady;
    if (up) this.#everReady = true;
    if (up === this.#up) return;
    this.#up = up;
    if (up) {
      this.#lastError = '';
      console.info('redis: connected');
      this.emit('up');
    } else {
      this.emit('down');
    }
  }

  #failed(error: Error): void {
    // Log each distinct failure once per outage, not once per reconnection attempt.
    if (error.message !== this.#lastError && !this.#closed) console.error(`redis: ${error.message}`);
    this.#lastError = error.message;
    this.#update();
  }
}
