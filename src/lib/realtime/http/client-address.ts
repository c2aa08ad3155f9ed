/**
 * The client's address: the connection's peer, unless that peer is a proxy listed in
 * `trustedProxies`, in which case the address it put at the end of `X-Forwarded-For` (the one
 * it saw connect). Addresses further left were written by the client and are never believed.
 * Every per-address limit (streams, long polls, WebSockets, publishes, races) keys on this.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const direct = normalize(peer ?? 'unknown');
  if (!forwardedFor || trustedProxies.length === 0 || !trustedProxies.includes(direct)) return direct;
  const hops = forwardedFor
    .split(',')
    .map((hop) => normalize(hop.trim()))
    .filter(Boolean);
  // Walk right to left past our own proxies; the first address that is not one is the client.
  for (let index = hops.length - 1; index >= 0; index--) {
    if (!trustedProxies.includes(hops[index]!)) return hops[index]!;
  }
  return hops[0] ?? direct;
}

// An IPv4 peer on a dual-stack socket shows up as ::ffff:1.2.3.4; both spellings are one client.
function normalize(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
