import { describe, expect, it } from 'vitest';
import { connectionSchema, parseInput, publishBodySchema, sseQuerySchema } from '../../src/lib/realtime/schemas.ts';

describe('input schemas', () => {
  it('accepts a notification and trims its text', () => {
    expect(parseInput(publishBodySchema, { topic: 'notifications', text: '  hi  ' })).toEqual({
      ok: true,
      value: { topic: 'notifications', text: 'hi' },
    });
  });

  it.each([
    [{ text: 'hi' }, 'topic: is required'],
    [{ topic: 'ticker', text: 'hi' }, 'topic: must be one of: notifications'],
    [{ topic: 'notifications' }, 'text: is required'],
    [{ topic: 'notifications', text: 42 }, 'text: must be a string'],
    [{ topic: 'notifications', text: '   ' }, 'text: must not be empty'],
    [{ topic: 'notifications', text: 'x'.repeat(281) }, 'text: must be at most 280 characters'],
    [null, 'must be a JSON object'],
  ])('refuses publish body %j with %j', (body, error) => {
    const result = parseInput(publishBodySchema, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.toLowerCase()).toContain(error.toLowerCase());
  });

  it('accepts 280 characters exactly', () => {
    expect(parseInput(publishBodySchema, { topic: 'notifications', text: 'x'.repeat(280) }).ok).toBe(true);
  });

  it('checks the SSE query: known topic, cursor at most 64 characters', () => {
    expect(parseInput(sseQuerySchema, { topic: 'ticker' })).toEqual({ ok: true, value: { topic: 'ticker' } });
    expect(parseInput(sseQuerySchema, { topic: 'weather' })).toEqual({ ok: false, error: 'topic: must be one of: ticker, notifications' });
    expect(parseInput(sseQuerySchema, {})).toEqual({ ok: false, error: 'topic: is required' });
    expect(parseInput(sseQuerySchema, { topic: 'ticker', lastEventId: 'x'.repeat(65) })).toEqual({
      ok: false,
      error: 'lastEventId: must be at most 64 characters',
    });
  });

  it('wants a UUID to drop a stream', () => {
    expect(parseInput(connectionSchema, { connection: 'abc' })).toEqual({
      ok: false,
      error: 'connection: must be the connection id from the hello event',
    });
    expect(parseInput(connectionSchema, { connection: '36b6e84c-6572-4657-8629-2295d8d9b0ad' }).ok).toBe(true);
  });
});
