import { describe, expect, it } from 'vitest';
import { EventStreamParser } from '../../src/client/event-stream-parser.ts';
import { formatSseComment, formatSseMessage, formatSseRetry } from '../../src/lib/realtime/transports/sse-format.ts';

describe('the event-stream parser used by the fetch streaming widget', () => {
  it('reads back what the server framing writes, multi-line data included', () => {
    const parser = new EventStreamParser();
    const text =
      formatSseRetry(2000) +
      formatSseMessage({ id: '0', event: 'token', data: '{"text":"Hi"}' }) +
      formatSseComment('heartbeat') +
      formatSseMessage({ data: 'line one\nline two' });
    expect(parser.push(text)).toEqual([
      { type: 'token', data: '{"text":"Hi"}', lastEventId: '0' },
      { type: 'message', data: 'line one\nline two', lastEventId: '0' },
    ]);
    expect(parser.retryMs).toBe(2000);
  });

  it('waits for the blank line, however the chunks are cut (a CR and its LF split apart too)', () => {
    const parser = new EventStreamParser();
    const text = 'event: token\r\ndata: a\r\n\r\ndata:b\r\r\n';
    const events = [...text].flatMap((char) => parser.push(char));
    expect(events).toEqual([
      { type: 'token', data: 'a', lastEventId: '' },
      { type: 'message', data: 'b', lastEventId: '' },
    ]);
  });

  it('follows the standard on edge cases: BOM, no space after the colon, a field with no colon, events without data, ids with NUL', () => {
    const parser = new EventStreamParser();
    expect(parser.push('\uFEFFdata:x\n\nevent: lonely\n\ndata\n\nid: a\0b\ndata: y\n\nretry: soon\n\n')).toEqual([
      { type: 'message', data: 'x', lastEventId: '' },
      { type: 'message', data: '', lastEventId: '' },
      { type: 'message', data: 'y', lastEventId: '' },
    ]);
    expect(parser.retryMs).toBeUndefined();
  });
});
