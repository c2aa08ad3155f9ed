/**
 * The V8 flags the production server runs with (`npm start`, the local cluster, bench:compare).
 *
 * `--max-semi-space-size=16` (MB) caps the young generation. V8 doubles it whenever enough
 * objects survive a collection, and a server taking thousands of connections keeps every
 * connection's objects: left alone, the young generation of a process holding 10,000 WebSockets
 * grew to 64 MB here, most of the memory a connection seemed to cost. Long-lived objects belong
 * in the old generation anyway; a 16 MB semi-space is plenty for the short-lived garbage of
 * requests and messages.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];
