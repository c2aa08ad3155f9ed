/**
 * Back-of-envelope load of a notification feed over each transport. Pure arithmetic, the same
 * formulas the interview page prints, so a reader can redo them at a whiteboard. Assumptions: events
 * arrive at random (a Poisson process) at the same rate for every user; one event per long-poll
 * response; TCP, TLS and heartbeat bytes are left out.
 */

/** What the reader types in. */
export interface ScaleInputs {
  /** N: users connected at the same time. */
  users: number;
  /** E: events each user receives per minute. */
  eventsPerUserPerMinute: number;
  /** T: seconds between two short polls. */
  pollIntervalSeconds: number;
  /** H: seconds the server holds a long poll before answering "nothing new". */
  longPollTimeoutSeconds: number;
  /** P: bytes of one event as the application sends it. */
  payloadBytes: number;
  /** R: bytes of request and response headers for one HTTP request. */
  headerBytes: number;
}

/** The load one transport puts on the servers. */
export interface TransportLoad {
  /** HTTP requests arriving per second, all users together (0: no requests once connected). */
  requestsPerSecond: number;
  /** Bytes per second on the wire between clients and servers, both directions, headers and framing included. */
  bytesPerSecond: number;
  /** Requests or sockets held open on the servers at any moment. */
  openConnections: number;
  /** Share of requests that come back with nothing new; null where the client never asks. */
  emptyShare: number | null;
}

export type TransportName = 'shortPolling' | 'longPolling' | 'sse' | 'webSocket';

export interface ScaleEstimate {
  /** Events delivered per second, all users together: N × E / 60. */
  eventsPerSecond: number;
  transports: Record<TransportName, TransportLoad>;
}

/**
 * Header bytes of one poll (request + response headers), measured against this site's built
 * server: 552 request + 331 response bytes for a `fetch('/api/time', { cache: 'no-store' })`
 * from the short-polling page in headless Chromium 156, no cookies (`npm run bench:headers` prints it).
 */
export const MEASURED_HEADER_BYTES = 883;

/**
 * Bytes an SSE event adds around its data on this site: `id: <cursor>\n` + `data: ` + `\n` + a blank
 * line, i.e. 13 + the id length. This site's cursors are an 11-character epoch, a dash and the
 * sequence number: 16 characters once a topic passes event 1,000 (`mwzp1f45224-1234`).
 */
export const SSE_FRAMING_BYTES = 29;

/** Starting values of the calculator: a mid-sized app on a quiet evening. */
export const DEFAULT_INPUTS: ScaleInputs = {
  users: 10_000,
  eventsPerUserPerMinute: 2,
  pollIntervalSeconds: 5,
  longPollTimeoutSeconds: 30,
  payloadBytes: 200,
  headerBytes: MEASURED_HEADER_BYTES,
};

/** Header bytes of one server-to-client WebSocket frame (unmasked): 2 up to 125 payload bytes, 4 up to 65,535, else 10. */
export function webSocketFrameHeaderBytes(payloadBytes: number): number {
  if (payloadBytes <= 125) return 2;
  if (payloadBytes <= 65_535) return 4;
  return 10;
}

/** Events per second for one user: λ = E / 60. */
export function eventsPerUserPerSecond(inputs: ScaleInputs): number {
  return inputs.eventsPerUserPerMinute / 60;
}

/** Short polling: every user asks every T seconds, whether or not anything happened. */
export function shortPollingLoad(inputs: ScaleInputs): TransportLoad {
  const rate = eventsPerUserPerSecond(inputs);
  const requestsPerSecond = inputs.users / inputs.pollIntervalSeconds;
  return {
    requestsPerSecond,
    bytesPerSecond: requestsPerSecond * inputs.headerBytes + inputs.users * rate * inputs.payloadBytes,
    openConnections: 0,
    // A poll finds nothing when no event arrived in the T seconds since the last one: e^(−λT).
    emptyShare: Math.exp(-rate * inputs.pollIntervalSeconds),
  };
}

/**
 * Long polling: a request ends when an event arrives or after H seconds, then the next one opens.
 * A request lasts (1 − e^(−λH)) / λ seconds on average, so each user makes λ / (1 − e^(−λH)) per second.
 */
export function longPollingLoad(inputs: ScaleInputs): TransportLoad {
  const rate = eventsPerUserPerSecond(inputs);
  const timeout = inputs.longPollTimeoutSeconds;
  const emptyShare = Math.exp(-rate * timeout);
  const perUser = rate === 0 ? 1 / timeout : rate / (1 - emptyShare);
  const requestsPerSecond = inputs.users * perUser;
  return {
    requestsPerSecond,
    bytesPerSecond: requestsPerSecond * inputs.headerBytes + inputs.users * rate * inputs.payloadBytes,
    openConnections: inputs.users,
    emptyShare,
  };
}

/** Server-Sent Events: one request per user when the stream opens, then only framed events. */
export function sseLoad(inputs: ScaleInputs): TransportLoad {
  const rate = eventsPerUserPerSecond(inputs);
  return {
    requestsPerSecond: 0,
    bytesPerSecond: inputs.users * rate * (inputs.payloadBytes + SSE_FRAMING_BYTES),
    openConnections: inputs.users,
    emptyShare: null,
  };
}

/** WebSockets: one upgrade per user, then one frame per event. */
export function webSocketLoad(inputs: ScaleInputs): TransportLoad {
  const rate = eventsPerUserPerSecond(inputs);
  return {
    requestsPerSecond: 0,
    bytesPerSecond: inputs.users * rate * (inputs.payloadBytes + webSocketFrameHeaderBytes(inputs.payloadBytes)),
    openConnections: inputs.users,
    emptyShare: null,
  };
}

/** All four transports for the same inputs. */
export function estimateScale(inputs: ScaleInputs): ScaleEstimate {
  return {
    eventsPerSecond: inputs.users * eventsPerUserPerSecond(inputs),
    transports: {
      shortPolling: shortPollingLoad(inputs),
      longPolling: longPollingLoad(inputs),
      sse: sseLoad(inputs),
      webSocket: webSocketLoad(inputs),
    },
  };
}
