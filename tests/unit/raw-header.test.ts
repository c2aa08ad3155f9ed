import { describe, expect, it } from 'vitest';
import { rawHeader } from '../../src/lib/realtime/http/raw-header.ts';

describe('rawHeader', () => {
  const raw = ['Host', 'example.test', 'ORIGIN', 'https://a.test', 'X-Forwarded-For', '203.0.113.1', 'x-forwarded-for', '10.0.0.2'];

  it('finds a header whatever the case its client wrote it in', () => {
    expect(rawHeader(raw, 'origin')).toBe('https://a.test');
    expect(rawHeader(raw, 'host')).toBe('example.test');
  });

  it('joins repeats with ", " in arrival order, as req.headers does for X-Forwarded-For', () => {
    expect(rawHeader(raw, 'x-forwarded-for')).toBe('203.0.113.1, 10.0.0.2');
  });

  it('answers undefined for a header that is absent, or only a prefix of another', () => {
    expect(rawHeader(raw, 'referer')).toBeUndefined();
    expect(rawHeader(raw, 'x-forwarded')).toBeUndefined();
    expect(rawHeader([], 'origin')).toBeUndefined();
  });
});
