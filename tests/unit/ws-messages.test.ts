import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/lib/realtime/schemas.ts';
import { CLOSE, clientMessageSchema } from '../../src/lib/realtime/transports/ws-messages.ts';

const parse = (message: unknown) => parseInput(clientMessageSchema, message);
const TOPIC_RULE = 'topic: must be ticker, notifications, race:<id> or chat:<room> (room: 1 to 32 characters of a-z, 0-9 and -)';

describe('WebSocket client messages', () => {
  it('accepts a subscribe to a feed, with or without a cursor', () => {
    expect(parse({ type: 'subscribe', topic: 'ticker' })).toEqual({ ok: true, value: { type: 'subscribe', topic: 'ticker' } });
    expect(parse({ type: 'subscribe', topic: 'notifications', since: 'e-1' })).toEqual({
      ok: true,
      value: { type: 'subscribe', topic: 'notifications', since: 'e-1' },
    });
  });

  it('accepts a race topic, as every transport does', () => {
    expect(parse({ type: 'subscribe', topic: 'race:0123456789' }).ok).toBe(true);
    expect(parse({ type: 'subscribe', topic: 'race:short' })).toEqual({
      ok: false,
      error: 'topic: must be race:<id> with the id POST /api/race returned',
    });
  });

  it('accepts a subscribe to a chat room with a trimmed name', () => {
    expect(parse({ type: 'subscribe', topic: 'chat:lobby-2', name: '  Ada ' })).toEqual({
      ok: true,
      value: { type: 'subscribe', topic: 'chat:lobby-2', name: 'Ada' },
    });
  });

  it('accepts chat, unsubscribe and ping', () => {
    // A chat message carries no name of its own: the server posts it under the name the connection joined with.
    expect(parse({ type: 'chat', room: 'lobby', name: 'Mallory', text: ' <b>hi</b> ' })).toEqual({
      ok: true,
      value: { type: 'chat', room: 'lobby', text: '<b>hi</b>' },
    });
    expect(parse({ type: 'unsubscribe', topic: 'chat:lobby' }).ok).toBe(true);
    expect(parse({ type: 'ping' })).toEqual({ ok: true, value: { type: 'ping' } });
    expect(parse({ type: 'ping', id: '7' })).toEqual({ ok: true, value: { type: 'ping', id: '7' } });
  });

  it('keeps line breaks in a chat message', () => {
    expect(parse({ type: 'chat', room: 'lobby', name: 'Ada', text: 'two\nlines' })).toMatchObject({
      ok: true,
      value: { text: 'two\nlines' },
    });
  });

  it.each([
    [null, 'must be a JSON object'],
    [[], 'must be a JSON object'],
    [{}, 'type: must be one of: subscribe, unsubscribe, chat, ping'],
    [{ type: 'shout' }, 'type: must be one of: subscribe, unsubscribe, chat, ping'],
    [{ type: 'subscribe' }, 'topic: is required'],
    [{ type: 'subscribe', topic: 'weather' }, TOPIC_RULE],
    [{ type: 'subscribe', topic: 'chat:' }, TOPIC_RULE],
    [{ type: 'subscribe', topic: 'chat:Lobby' }, TOPIC_RULE],
    [{ type: 'subscribe', topic: `chat:${'a'.repeat(33)}` }, TOPIC_RULE],
    [{ type: 'subscribe', topic: 'ticker', name: 'Ada' }, 'name: only chat topics take a name'],
    [{ type: 'subscribe', topic: 'ticker', since: 'x'.repeat(65) }, 'since: must be at most 64 characters'],
    [{ type: 'unsubscribe', topic: 42 }, 'topic: must be a string'],
    [{ type: 'chat', name: 'Ada', text: 'hi' }, 'room: is required'],
    [{ type: 'chat', room: 'a b', name: 'Ada', text: 'hi' }, 'room: must be 1 to 32 characters of a-z, 0-9 and -'],
    [{ type: 'chat', room: 'lobby', name: 'Ada', text: '' }, 'text: must not be empty'],
    [{ type: 'chat', room: 'lobby', name: 'Ada', text: 'x'.repeat(501) }, 'text: must be at most 500 characters'],
    [{ type: 'chat', room: 'lobby', name: 'Ada', text: 'bell\u0007' }, 'text: must not contain control characters'],
    [{ type: 'subscribe', topic: 'chat:lobby', name: '   ' }, 'name: must not be empty'],
    [{ type: 'subscribe', topic: 'chat:lobby', name: 'x'.repeat(33) }, 'name: must be at most 32 characters'],
    [{ type: 'subscribe', topic: 'chat:lobby', name: 'Ada\u001b[31m' }, 'name: must not contain control characters'],
    [{ type: 'ping', id: 7 }, 'id: must be a string'],
  ])('refuses %j with %j', (message, error) => {
    expect(parse(message)).toEqual({ ok: false, error });
  });

  it('accepts 500 characters of chat exactly', () => {
    expect(parse({ type: 'chat', room: 'lobby', name: 'Ada', text: 'x'.repeat(500) }).ok).toBe(true);
  });

  it('has close reasons that fit a control frame (at most 123 bytes)', () => {
    for (const { reason } of Object.values(CLOSE)) expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
  });
});
