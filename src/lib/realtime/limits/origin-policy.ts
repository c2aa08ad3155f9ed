/**
 * Cross-Site WebSocket Hijacking defence. A browser opens a WebSocket to any host a page asks for
 * and attaches that host's cookies, but it always says which page asked, in Origin. So the server
 * accepts only its own origin (the Host the request came to, or the configured site URL) and the
 * listed ones.
 *
 * A request without Origin is not from a browser page (curl, ws, a server); such a client can
 * claim any Origin it likes anyway, so refusing it would protect nothing.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes "null", which sandboxed frames and file: pages send
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (host !== undefined && url.host === hostAsIn(url.protocol, host)) return true;
  return allowedOrigins.includes(url.origin);
}

// Read through URL so that "example.com:443" and "example.com" compare equal for https.
function hostAsIn(protocol: string, host: string): string | undefined {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}
