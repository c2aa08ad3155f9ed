import { LuaScript } from '../redis/lua-script.ts';
import type { RedisConnection } from '../redis/redis-connection.ts';

/** Who is in each chat room, as a head count over every instance. Members are connection ids. */
export interface Presence {
  /** Adds `member` to `room`; resolves with the room's head count after it. */
  join(room: string, member: string): Promise<number>;
  /** Removes `member` from `room`; resolves with the head count after it. */
  leave(room: string, member: string): Promise<number>;
  /** The room's head count. */
  count(room: string): Promise<number>;
  close(): Promise<void>;
}

/** Presence in a single process. */
export class MemoryPresence implements Presence {
  readonly #rooms = new Map<string, Set<string>>();

  async join(room: string, member: string): Promise<number> {
    const members = this.#rooms.get(room) ?? new Set();
    this.#rooms.set(room, members.add(member));
    return members.size;
  }

  async leave(room: string, member: string): Promise<number> {
    const members = this.#rooms.get(room);
    members?.delete(member);
    if (members?.size === 0) this.#rooms.delete(room);
    return members?.size ?? 0;
  }

  async count(room: string): Promise<number> {
    return this.#rooms.get(room)?.size ?? 0;
  }

  async close(): Promise<void> {
    this.#rooms.clear();
  }
}

/**
 * A room's members in a sorted set, scored by when each entry expires (Redis's clock). Drops the
 * expired ones, adds or removes the given members, and replies with the head count. The key
 * itself expires with its last member. KEYS: the set. ARGV: ttl ms, 'add' or 'remove', members.
 */
const TOUCH_SCRIPT = new LuaScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for i = 3, #ARGV do
  if ARGV[2] == 'remove' then redis.call('ZREM', KEYS[1], ARGV[i])
  else redis.call('ZADD', KEYS[1], now + ttl, ARGV[i]) end
end
local count = redis.call('ZCARD', KEYS[1])
if count > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return count
`);

/** Options for presence shared through Redis. */
export interface RedisPresenceOptions {
  connection: RedisConnection;
  /** This instance's id; entries are `<instance>/<connection>`. */
  instanceId: string;
  /** Put before each room's key. Default `rl:`. */
  keyPrefix?: string;
  /** How long an entry lives unless its instance renews it, ms: a dead instance's members vanish after this. Default 15 000. */
  ttlMs?: number;
}

/**
 * Presence over every instance: each member is an entry with an expiry, renewed every third of
 * the TTL by the instance that holds its connection. A leave removes it at once; an instance that
 * dies stops renewing, so its members drop out of the count within the TTL.
 */
export class RedisPresence implements Presence {
  readonly #connection: RedisConnection;
  readonly #instanceId: string;
  readonly #prefix: string;
  readonly #ttlMs: number;
  /** This instance's members per room, renewed by the timer. */
  readonly #local = new Map<string, Set<string>>();
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(options: RedisPresenceOptions) {
    this.#connection = options.connection;
    this.#instanceId = options.instanceId;
    this.#prefix = options.keyPrefix ?? 'rl:';
    this.#ttlMs = options.ttlMs ?? 15_000;
    this.#timer = setInterval(() => void this.#renew(), Math.max(10, Math.floor(this.#ttlMs / 3)));
    this.#timer.unref();
  }

  join(room: string, member: string): Promise<number> {
    const members = this.#local.get(room) ?? new Set();
    this.#local.set(room, members.add(member));
    return this.#touch(room, 'add', [member]);
  }

  leave(room: string, member: string): Promise<number> {
    const members = this.#local.get(room);
    members?.delete(member);
    if (members?.size === 0) this.#local.delete(room);
    return this.#touch(room, 'remove', [member]);
  }

  count(room: string): Promise<number> {
    return this.#touch(room, 'add', []);
  }

  /** Stops renewing and removes this instance's members (a clean shutdown leaves nobody behind). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    const rooms = [...this.#local];
    this.#local.clear();
    await Promise.all(rooms.map(([room, members]) => this.#touch(room, 'remove', [...members]).catch(() => 0)));
  }

  async #renew(): Promise<void> {
    for (const [room, members] of this.#local) {
      await this.#touch(room, 'add', [...members]).catch(() => 0);
    }
  }

  #touch(room: string, action: 'add' | 'remove', members: string[]): Promise<number> {
    const entries = members.map((member) => `${this.#instanceId}/${member}`);
    return this.#connection.run((client) =>
      TOUCH_SCRIPT.run<number>(client, [`${this.#prefix}presence:{chat:${room}}`], [this.#ttlMs, action, ...entries]),
    );
  }
}
