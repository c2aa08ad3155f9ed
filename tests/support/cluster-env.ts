/**
 * The environment of a cluster test that drives many clients from one address under a publishing
 * load: no ticker (only the test's own events flow, so exact counts hold), publish limits far above
 * the test's rate, `connectionsPerAddress` WebSockets and event streams allowed from loopback (every
 * test client shares it), and a short SSE retry so dropped streams come back within the test.
 */
export function clusterLoadEnv(connectionsPerAddress: number): Record<string, string> {
  return {
    TICKER_INTERVAL_MS: '0',
    PUBLISH_BURST: '1000',
    PUBLISH_PER_MINUTE: '60000',
    WS_MAX_PER_IP: String(connectionsPerAddress),
    MAX_STREAMS_PER_IP: String(connectionsPerAddress),
    SSE_RETRY_MS: '300',
  };
}
