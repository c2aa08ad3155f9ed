import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Headers pages, scripts and other files carry (API answers carry API_SECURITY_HEADERS instead). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // The site uses none of these powerful features; saying so stops an injected frame or script from asking.
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const INLINE_SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;

/** The CSP hashes (`'sha256-…'`) of every inline script in `html`; scripts with a `src` are covered by 'self'. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = '', body = ''] of html.matchAll(INLINE_SCRIPT)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The Content-Security-Policy of the pages: scripts only from this origin or with one of the
 * given hashes (Starlight's inline theme and search scripts), WebAssembly for the search index,
 * connections (fetch, EventSource, WebSocket) and workers only to this origin, no framing.
 * Inline styles stay allowed: the code highlighter writes colours as style attributes, and a style
 * cannot run code.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${[...new Set(scriptHashes)].sort().join(' ')}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Hashes of the inline scripts of every prerendered page under `clientDir` (read once, at start-up). */
export function collectScriptHashes(clientDir: string): string[] {
  const hashes = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.html')) for (const hash of inlineScriptHashes(readFileSync(path, 'utf8'))) hashes.add(hash);
    }
  };
  visit(clientDir);
  return [...hashes];
}

/** The policy of API answers: JSON and event streams load nothing and may not be framed (a short header on a hot path). */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The security headers of API answers (JSON and event streams, on the hot path of every poll),
 * written by the API core with its status line: `nosniff` and the short API policy only, since
 * Referrer-Policy, Permissions-Policy and COOP govern documents and no API answer is one.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': API_POLICY,
};

const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);
const SCRIPT = /\.m?js(\?|$)/;

/**
 * Adds the security headers to pages, scripts and other files (not API answers: see
 * API_SECURITY_HEADERS). Pages get the page policy; scripts get none: a dedicated worker takes its
 * policy from its own script's response, and the snippet runner's worker must compile the
 * reader's code (its isolation is the worker, not the policy).
 */
export function withSecurityHeaders(handler: NodeHandler, policy: string): NodeHandler {
  return (request, response) => {
    for (const [name, value] of SECURITY_HEADER_ENTRIES) response.setHeader(name, value);
    if (!SCRIPT.test(request.url ?? '/')) response.setHeader('Content-Security-Policy', policy);
    handler(request, response);
  };
}
