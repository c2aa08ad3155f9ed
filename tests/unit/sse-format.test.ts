import { describe, expect, it } from 'vitest';
import { formatSseComment, formatSseMessage, formatSseRetry } from '../../src/lib/realtime/transports/sse-format.ts';

describe('SSE framing', () => {
  it('frames a plain message as one data line and a blank line', () => {
    expect(formatSseMessage({ data: 'hello' })).toBe('data: hello\n\n');
  });

  it('writes id and event before data', () => {
    expect(formatSseMessage({ id: 'e-7', event: 'reset', data: '{}' })).toBe('id: e-7\nevent: reset\ndata: {}\n\n');
  });

  it('splits multi-line data into one data line per line, whatever the line break', () => {
    expect(formatSseMessage({ data: 'one\ntwo\r\nthree\rfour' })).toBe('data: one\ndata: two\ndata: three\ndata: four\n\n');
  });

  it('keeps empty lines of data as empty data lines', () => {
    expect(formatSseMessage({ data: '' })).toBe('data: \n\n');
    expect(formatSseMessage({ data: 'a\n\nb' })).toBe('data: a\ndata: \ndata: b\n\n');
  });

  it("keeps an empty id (which resets the browser's last event id)", () => {
    expect(formatSseMessage({ id: '', data: 'x' })).toBe('id: \ndata: x\n\n');
  });

  it('refuses a line break in id or event instead of letting it start another field', () => {
    expect(() => formatSseMessage({ id: 'a\nevent: evil', data: 'x' })).toThrow('SSE id must be a single line');
    expect(() => formatSseMessage({ event: 'a\rb', data: 'x' })).toThrow('SSE event must be a single line');
    expect(() => formatSseMessage({ id: 'a\0b', data: 'x' })).toThrow('without NUL');
  });

  it('writes comments with a leading colon, one per line', () => {
    expect(formatSseComment('heartbeat 1')).toBe(': heartbeat 1\n\n');
    expect(formatSseComment('a\nb')).toBe(': a\n: b\n\n');
  });

  it('writes retry as a whole number of milliseconds', () => {
    expect(formatSseRetry(2000)).toBe('retry: 2000\n\n');
    expect(() => formatSseRetry(1.5)).toThrow(RangeError);
    expect(() => formatSseRetry(-1)).toThrow('retry must be a whole number of ms, got -1');
  });

  it('encodes non-ASCII data as UTF-8 bytes on the wire', () => {
    const frame = formatSseMessage({ data: 'café €' });
    expect([...new TextEncoder().encode(frame)].length).toBe('data: café €\n\n'.length + 1 + 2);
  });
});
