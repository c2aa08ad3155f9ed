import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/lib/realtime/schemas.ts';
import { longPollQuerySchema, pollBody, pollQuerySchema, queryParams } from '../../src/lib/realtime/transports/poll-params.ts';
import { usageQuerySchema } from '../../src/lib/realtime/usage/session-id.ts';

const query = (text: string, names = ['topic', 'since', 'session', 'timeout']) =>
  queryParams(new URL(`http://x/api/poll?${text}`).searchParams, names);

describe('poll query parameters', () => {
  it('reads only the named parameters, absent ones as undefined', () => {
    expect(query('topic=ticker&extra=1', ['topic', 'since'])).toEqual({ topic: 'ticker', since: undefined });
  });

  it('accepts a topic alone, and a topic with a cursor and a session', () => {
    expect(parseInput(pollQuerySchema, query('topic=ticker'))).toEqual({ ok: true, value: { topic: 'ticker' } });
    expect(parseInput(pollQuerySchema, query('topic=notifications&since=lx2k9q0ab-42&session=3f2a9c1e-aaaa'))).toEqual({
      ok: true,
      value: { topic: 'notifications', since: 'lx2k9q0ab-42', session: '3f2a9c1e-aaaa' },
    });
  });

  it.each([
    ['', 'topic: is required'],
    ['topic=weather', 'topic: must be one of: ticker, notifications'],
    ['topic=ticker&since=', 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"'],
    ['topic=ticker&since=garbage', 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"'],
    ['topic=ticker&since=abc-01', 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"'],
    ['topic=ticker&since=abc-1%20', 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"'],
    [`topic=ticker&since=${'a'.repeat(65)}`, 'since: must be at most 64 characters'],
    ['topic=ticker&session=short', 'session: must be 8 to 64 letters, digits, "-" or "_" (e.g. a UUID)'],
    ['topic=ticker&session=has%20a%20space', 'session: must be 8 to 64 letters, digits, "-" or "_" (e.g. a UUID)'],
  ])('refuses the poll query %j with %j', (text, error) => {
    expect(parseInput(pollQuerySchema, query(text))).toEqual({ ok: false, error });
  });

  it('gives the long poll a 25 s timeout unless it names one from 1 to 30', () => {
    expect(parseInput(longPollQuerySchema, query('topic=ticker'))).toEqual({ ok: true, value: { topic: 'ticker', timeout: 25 } });
    expect(parseInput(longPollQuerySchema, query('topic=ticker&timeout=1'))).toMatchObject({ ok: true, value: { timeout: 1 } });
    expect(parseInput(longPollQuerySchema, query('topic=ticker&timeout=30'))).toMatchObject({ ok: true, value: { timeout: 30 } });
  });

  it.each(['0', '31', '2.5', '-1', '', 'soon', '1e1', '0x10', '99999'])('refuses timeout=%j', (timeout) => {
    expect(parseInput(longPollQuerySchema, query(`topic=ticker&timeout=${timeout}`))).toEqual({
      ok: false,
      error: 'timeout: must be a whole number of seconds from 1 to 30',
    });
  });

  it('checks the cursor of a long poll the same way', () => {
    expect(parseInput(longPollQuerySchema, query('topic=ticker&since=nope'))).toEqual({
      ok: false,
      error: 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"',
    });
  });

  it('wants a session id for the usage endpoint', () => {
    expect(parseInput(usageQuerySchema, {})).toEqual({ ok: false, error: 'session: is required' });
    expect(parseInput(usageQuerySchema, { session: '36b6e84c-6572-4657-8629-2295d8d9b0ad' }).ok).toBe(true);
  });
});

describe('poll reply body', () => {
  const event = { id: 'e-3', topic: 'ticker', type: 'price', data: { price: 1 }, ts: 1 };

  it('carries the events and the cursor, and no reset key when there was none', () => {
    expect(JSON.stringify(pollBody({ events: [event], cursor: 'e-3' }))).toBe(
      '{"events":[{"id":"e-3","topic":"ticker","type":"price","data":{"price":1},"ts":1}],"cursor":"e-3"}',
    );
  });

  it('carries the reset notice when the cursor could not be resumed', () => {
    const reset = { topic: 'ticker', reason: 'too-old' as const, cursor: 'e-9' };
    expect(pollBody({ events: [], cursor: 'e-9', reset })).toEqual({ events: [], cursor: 'e-9', reset });
  });
});

describe('poll body text', () => {
  it('is byte for byte JSON.stringify of the poll body, with and without a reset', async () => {
    const { pollBody, pollBodyText } = await import('../../src/lib/realtime/transports/poll-params.ts');
    const event = { id: 'lx2k9q0ab-7', topic: 'notifications', type: 'notification', data: { text: 'é "quoted"\n' }, ts: 1 };
    const plain = { events: [event, { ...event, id: 'lx2k9q0ab-8' }], cursor: 'lx2k9q0ab-8' };
    const reset = {
      events: [],
      cursor: 'lx2k9q0ab-8',
      reset: { topic: 'notifications', reason: 'too-old' as const, cursor: 'lx2k9q0ab-8' },
    };
    for (const result of [plain, reset, { events: [], cursor: 'lx2k9q0ab-0' }]) {
      expect(pollBodyText(result)).toBe(JSON.stringify(pollBody(result)));
      expect(pollBodyText(result)).toBe(JSON.stringify(pollBody(result)));
    }
  });
});
