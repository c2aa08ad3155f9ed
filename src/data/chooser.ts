import type { Transport } from './comparison.ts';

/** What the home page's chooser asks. */
export interface ChooserAnswers {
  /** Who sends messages: only the server, or the clients as often as the server. */
  direction: 'server-to-client' | 'both-ways';
  /** How often there is something new: a few times an hour or day, every few seconds, many times a second. */
  frequency: 'rare' | 'regular' | 'constant';
  /** Must it work through old proxies or networks that buffer responses and refuse WebSocket upgrades? */
  restrictiveNetwork: boolean;
  /** How soon each update must be seen: a delay of a minute is fine, or within seconds (a fraud alert, "your driver is here"). */
  freshness: 'can-wait' | 'at-once';
}

/** The recommendation: a transport and the reasons for it, each one sentence. */
export interface Recommendation {
  transport: Transport;
  reasons: string[];
}

/** Picks the transport for a set of answers, the way the site's pages argue it. */
export function chooseTransport(answers: ChooserAnswers): Recommendation {
  const { direction, frequency, restrictiveNetwork, freshness } = answers;
  // Rare is not enough for polling: a rare event that must be seen at once needs a push.
  if (frequency === 'rare' && freshness === 'can-wait') {
    return {
      transport: 'short-polling',
      reasons: [
        'New data is rare, so a request every minute or so costs little and most of the machinery of a push channel would sit idle.',
        'A plain GET works through every proxy, cache and load balancer, with nothing held open on the server.',
        direction === 'both-ways'
          ? 'Clients can send with ordinary POST requests; nothing needs a channel of its own.'
          : 'Latency is at most one interval, which is fine for data that changes this seldom.',
      ],
    };
  }
  const urgentButRare =
    frequency === 'rare'
      ? ['Updates are rare but must be seen at once: polling often enough would mean thousands of empty requests per update.']
      : [];
  if (restrictiveNetwork) {
    return {
      transport: 'long-polling',
      reasons: [
        ...urgentButRare,
        'Networks that buffer streamed responses or refuse the WebSocket upgrade still pass ordinary request/response pairs.',
        'Holding each request until there is data keeps latency near one round trip instead of a whole polling interval.',
        'It is the fallback Socket.IO and similar libraries use when a WebSocket cannot be opened.',
      ],
    };
  }
  if (direction === 'both-ways') {
    return {
      transport: 'websockets',
      reasons: [
        ...urgentButRare,
        'Clients talk as often as the server does, and a WebSocket carries both directions on one connection.',
        'Each message costs a few bytes of frame header instead of a full HTTP request.',
        frequency === 'constant'
          ? 'At many messages a second, that difference decides the bandwidth and the server load.'
          : 'Latency is one network trip in either direction.',
      ],
    };
  }
  return {
    transport: 'sse',
    reasons: [
      ...urgentButRare,
      'Data flows one way, from the server to many readers: exactly the shape of an event stream.',
      'It is plain HTTP; the browser reconnects and sends back the last event id, and the server resumes from it.',
      'Anything the client occasionally sends can go in an ordinary POST.',
    ],
  };
}
