import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScriptHashes } from '../../src/server/security-headers.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('security headers', () => {
  it('hashes the exact text of each inline script, and skips scripts loaded by src', () => {
    const html =
      '<script>a()</script><script type="module" src="/_astro/x.js"></script>' +
      '<SCRIPT aria-hidden="true">\n  b();\n</SCRIPT><script type="module">import "/c.js";</script>';
    expect(inlineScriptHashes(html)).toEqual([sha('a()'), sha('\n  b();\n'), sha('import "/c.js";')]);
  });

  it('allows scripts from this origin and the given hashes only, connections to this origin, and no framing', () => {
    const policy = contentSecurityPolicy([sha('b'), sha('a'), sha('a')]);
    expect(policy).toBe(
      [
        "default-src 'self'",
        `script-src 'self' 'wasm-unsafe-eval' ${[sha('a'), sha('b')].sort().join(' ')}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
});
