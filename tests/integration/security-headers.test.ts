import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

describe('security headers on the built server', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startBuiltServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('gives API answers a short policy that loads nothing and forbids framing', async () => {
    for (const path of ['/api/time', '/api/nowhere']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // Those govern documents; an API answer is none, and its hot path carries no more than it needs.
      expect(response.headers.get('permissions-policy')).toBeNull();
      expect([response.headers.get('vary'), response.headers.get('x-instance')]).toEqual(['Origin', expect.any(String)]);
    }
  });

  it.each(['/', '/websockets/', '/nowhere/'])('sends the page policy and the hardening headers with %s', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]{44}')+;/);
  });

  it('lists a hash for every inline script of a page, so none is blocked', async () => {
    const response = await fetch(`${server.url}/websockets/`);
    const html = await response.text();
    const policy = response.headers.get('content-security-policy')!;
    const { inlineScriptHashes } = await import('../../src/server/security-headers.ts');
    const hashes = inlineScriptHashes(html);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) expect(policy).toContain(hash);
  });

  it('sends no page policy with scripts, whose workers take their own (the snippet runner compiles code)', async () => {
    const html = await (await fetch(`${server.url}/server-sent-events/`)).text();
    const script = /src="(\/_astro\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await fetch(`${server.url}${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
