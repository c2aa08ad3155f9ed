import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from '../../src/lib/realtime/limits/origin-policy.ts';

describe('WebSocket Origin check', () => {
  const allowed = ['https://lab.example', 'http://localhost:3000'];

  it('allows the origin of the host the request came to, whatever its scheme', () => {
    expect(isOriginAllowed('http://127.0.0.1:4321', '127.0.0.1:4321', [])).toBe(true);
    expect(isOriginAllowed('https://realtime.example', 'realtime.example', [])).toBe(true);
    expect(isOriginAllowed('https://realtime.example', 'realtime.example:443', [])).toBe(true);
    expect(isOriginAllowed('http://REALTIME.example', 'realtime.example', [])).toBe(true);
  });

  it('allows listed origins, matching scheme, host and port exactly', () => {
    expect(isOriginAllowed('https://lab.example', 'other.example', allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:3000', 'other.example', allowed)).toBe(true);
    expect(isOriginAllowed('http://lab.example', 'other.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://lab.example:8443', 'other.example', allowed)).toBe(false);
    expect(isOriginAllowed('http://localhost:3001', 'other.example', allowed)).toBe(false);
  });

  it('refuses foreign, opaque and malformed origins', () => {
    expect(isOriginAllowed('https://evil.example', 'realtime.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://realtime.example.evil.example', 'realtime.example', allowed)).toBe(false);
    expect(isOriginAllowed('null', 'realtime.example', allowed)).toBe(false);
    expect(isOriginAllowed('file:///tmp/x.html', 'realtime.example', allowed)).toBe(false);
    expect(isOriginAllowed('not a url', 'realtime.example', allowed)).toBe(false);
  });

  it('lets a client without Origin (not a browser page) through', () => {
    expect(isOriginAllowed(undefined, 'realtime.example', [])).toBe(true);
  });
});
