import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/lib/realtime/http/client-address.ts';

describe('client address', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', [])).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', ['10.0.0.2'])).toBe('203.0.113.7');
  });

  it('takes the address a trusted proxy saw connect (the rightmost hop), never one the client wrote', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.1', ['10.0.0.2'])).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.2', 'spoofed, 198.51.100.1', ['10.0.0.2'])).toBe('198.51.100.1');
  });

  it('walks past a chain of trusted proxies', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.1, 10.0.0.3', ['10.0.0.2', '10.0.0.3'])).toBe('198.51.100.1');
  });

  it('treats an IPv4 peer on a dual-stack socket as the same address', () => {
    expect(clientAddress('::ffff:10.0.0.2', '198.51.100.1', ['10.0.0.2'])).toBe('198.51.100.1');
    expect(clientAddress('::ffff:203.0.113.7', undefined, [])).toBe('203.0.113.7');
  });

  it('falls back to the peer when a trusted proxy sent no header', () => {
    expect(clientAddress('10.0.0.2', undefined, ['10.0.0.2'])).toBe('10.0.0.2');
    expect(clientAddress(undefined, undefined, [])).toBe('unknown');
  });
});
