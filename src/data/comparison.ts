/** The four transports, in the order the classic comparison table lists them. */
export const TRANSPORTS = ['short-polling', 'long-polling', 'sse', 'websockets'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** How each transport is named in headings and on its own page. */
export const TRANSPORT_INFO: Record<Transport, { name: string; seedColumn: string; href: string }> = {
  'short-polling': { name: 'Short polling', seedColumn: 'Short Polling', href: '/short-polling/' },
  'long-polling': { name: 'Long polling', seedColumn: 'Long Polling', href: '/long-polling/' },
  sse: { name: 'Server-Sent Events', seedColumn: 'SSE (Server-Sent Events)', href: '/server-sent-events/' },
  websockets: { name: 'WebSockets', seedColumn: 'WebSockets', href: '/websockets/' },
};

/** One row of the comparison: the classic table's rating per transport, and a sentence that explains the row. */
export interface ComparisonRow {
  feature: 'Direction' | 'Latency' | 'Overhead' | 'Complexity' | 'Best For';
  ratings: Record<Transport, string>;
  explanation: string;
}

/** The classic comparison table, cell for cell (a unit test checks it against the source text). */
export const COMPARISON: readonly ComparisonRow[] = [
  {
    feature: 'Direction',
    ratings: {
      'short-polling': 'Client → Server',
      'long-polling': 'Client → Server',
      sse: 'Server → Client only',
      websockets: 'Bidirectional',
    },
    explanation:
      'Who starts each exchange: with polling the client must ask before anything comes back; an event stream only flows from the server; a WebSocket carries messages both ways on one connection.',
  },
  {
    feature: 'Latency',
    ratings: { 'short-polling': 'High (interval-based)', 'long-polling': 'Medium', sse: 'Low', websockets: 'Very Low' },
    explanation:
      'How long a new event waits before it reaches the reader: up to a whole interval for short polling, one request set-up after each delivery for long polling, only the network delay for the two push transports.',
  },
  {
    feature: 'Overhead',
    ratings: { 'short-polling': 'High (many requests)', 'long-polling': 'Medium', sse: 'Low', websockets: 'Very Low' },
    explanation:
      'Bytes and work per delivered event: every poll pays for a full HTTP request and response, mostly empty; a stream pays a few bytes of framing per event, a WebSocket frame as little as 2 bytes of header.',
  },
  {
    feature: 'Complexity',
    ratings: { 'short-polling': 'Low', 'long-polling': 'Medium', sse: 'Low', websockets: 'Medium' },
    explanation:
      'What it takes to build and run: a timer and a GET; held requests with timeouts; one long response with an id per event; an upgraded connection with its own protocol, liveness checks and proxy settings.',
  },
  {
    feature: 'Best For',
    ratings: { 'short-polling': 'Rare updates', 'long-polling': 'Legacy apps', sse: 'Feeds, dashboards', websockets: 'Real-time apps' },
    explanation:
      'Where each one fits: data that changes rarely; environments where streaming and upgrades are blocked; one-way streams to many readers; interactive apps where both sides talk often.',
  },
];
