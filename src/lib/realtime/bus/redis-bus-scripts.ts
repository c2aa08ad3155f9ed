import { LuaScript } from '../redis/lua-script.ts';

/**
 * Numbers, stores and announces one event atomically.
 * KEYS: epoch, the topic's counter, the topic's stream. ARGV: an epoch to use if Redis has none (it
 * lost its data, or this is the first event ever), MAXLEN, the live channel, the event's JSON.
 * The counter gives seq = previous + 1; the stream entry's id is `0-<seq>`, so XRANGE can start at
 * any cursor. A counter starting again at 1 while its stream survived (a key evicted) would clash
 * with old entries, so the stale stream is dropped first; and a counter opened with a lifetime
 * (a race) hands its expiry to the stream it starts, so a topic whose process died goes whole.
 * Replies `{epoch, seq}`.
 */
export const APPEND_SCRIPT = new LuaScript(`
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
end
local seq = redis.call('INCR', KEYS[2])
if seq == 1 then redis.call('DEL', KEYS[3]) end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '0-' .. seq, 'e', ARGV[4])
if seq == 1 then
  local ttl = redis.call('PTTL', KEYS[2])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
end
redis.call('PUBLISH', ARGV[3], epoch .. '-' .. seq .. ' ' .. ARGV[4])
return {epoch, seq}
`);

/**
 * Reads a topic's epoch, head and the entries from a given id, in one consistent step. Writes
 * nothing (a reader never creates a topic).
 * KEYS: epoch, counter, stream. ARGV: the first entry id wanted, the most entries.
 * Replies `{epoch or '', head seq, entries}`.
 */
export const RANGE_SCRIPT = new LuaScript(`
local epoch = redis.call('GET', KEYS[1]) or ''
local head = tonumber(redis.call('GET', KEYS[2]) or '0')
local entries = redis.call('XRANGE', KEYS[3], ARGV[1], '+', 'COUNT', ARGV[2])
return {epoch, head, entries}
`);
