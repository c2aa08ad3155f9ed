/**
 * Tells a starved connection pool from a slow transport. Over HTTP/1.1 a browser opens at most six
 * connections to one site; every held long poll and event stream keeps one busy, across all its tabs.
 * When they are all taken, the next request waits in the browser before it is even sent, and a race
 * would blame the transport for the browser's queue. Resource Timing shows that wait for requests
 * that were sent in the end; one still queued when the race stops shows only as a poll left unanswered.
 */

/** The fields of a PerformanceResourceTiming this check reads (plain objects in tests). */
export interface RequestTiming {
  name: string;
  startTime: number;
  domainLookupStart: number;
  domainLookupEnd: number;
  connectStart: number;
  connectEnd: number;
  requestStart: number;
  nextHopProtocol: string;
}

/** What the check found. */
export interface PoolDiagnosis {
  /** Longest time one request waited in the browser before it was sent, ms. */
  longestQueueMs: number;
  /** Requests that waited longer than the threshold. */
  queuedRequests: number;
  /** The protocol the requests used ("http/1.1", "h2"…), or "" when the browser does not say. */
  protocol: string;
  /** How long the event stream took to open, ms, if it was late. */
  lateStreamMs: number | undefined;
  /** Poll requests still unanswered when the race stopped, long after the server would have answered them. */
  unansweredRequests: number;
  /** The longest of those waits, ms after the server would have answered. */
  longestUnansweredMs: number;
}

/** A poll request still out when its lane stopped (browser Date.now() times). */
export interface UnansweredRequest {
  issuedAt: number;
  stoppedAt: number;
}

/** When the race's events were published, in browser Date.now() time (server times less the clock offset). */
export interface RaceWindow {
  firstEventAt: number;
  lastEventAt: number;
}

/** A request that waited longer than this before being sent was queued by the browser, ms. */
export const QUEUE_THRESHOLD_MS = 500;
/** An event stream that took longer than this to open was held back by the browser, ms. */
export const STREAM_OPEN_THRESHOLD_MS = 2000;

/**
 * Time a request spent before it was sent that was neither DNS nor setting up a connection: the
 * browser's queue. 0 when the browser hides the details (requestStart 0).
 */
export function queuedMs(timing: RequestTiming): number {
  if (timing.requestStart <= 0) return 0;
  const dns = Math.max(0, timing.domainLookupEnd - timing.domainLookupStart);
  const connect = Math.max(0, timing.connectEnd - timing.connectStart);
  return Math.max(0, timing.requestStart - timing.startTime - dns - connect);
}

/**
 * How long a poll request went unanswered after the server would have answered it, ms: a short
 * poll is answered at once and a long poll as soon as an event exists, so from the later of its
 * start and the race's first event. 0 for a request that left after the last event: a long poll
 * may rightly be held then.
 */
export function unansweredMs(request: UnansweredRequest, race: RaceWindow): number {
  if (request.issuedAt > race.lastEventAt) return 0;
  return Math.max(0, request.stoppedAt - Math.max(request.issuedAt, race.firstEventAt));
}

/**
 * Diagnoses a starved pool from the race's request timings and how long its event stream took to
 * open (undefined if it never opened, a number in ms otherwise), and the unansweredMs() of each
 * poll request still out at the end. Undefined when nothing was held back. Pure.
 */
export function diagnosePool(
  timings: readonly RequestTiming[],
  streamOpenMs: number | undefined,
  raceMs: number,
  unanswered: readonly number[] = [],
): PoolDiagnosis | undefined {
  const waits = timings.map(queuedMs);
  const queued = waits.filter((wait) => wait > QUEUE_THRESHOLD_MS);
  const opened = streamOpenMs ?? raceMs;
  const lateStreamMs = opened > STREAM_OPEN_THRESHOLD_MS ? opened : undefined;
  // The server answers a due poll within milliseconds; seconds without an answer mean it never got it.
  const stalled = unanswered.filter((wait) => wait > STREAM_OPEN_THRESHOLD_MS);
  if (queued.length === 0 && lateStreamMs === undefined && stalled.length === 0) return undefined;
  return {
    longestQueueMs: Math.max(0, ...waits),
    queuedRequests: queued.length,
    protocol: timings.find((timing) => timing.nextHopProtocol)?.nextHopProtocol ?? '',
    lateStreamMs,
    unansweredRequests: stalled.length,
    longestUnansweredMs: Math.max(0, ...stalled),
  };
}

/** What happened and why, in plain words, for the race's report. */
export function explainPool(diagnosis: PoolDiagnosis): string {
  const held = [
    diagnosis.queuedRequests
      ? `${diagnosis.queuedRequests} request${diagnosis.queuedRequests === 1 ? '' : 's'} waited up to ${(diagnosis.longestQueueMs / 1000).toFixed(1)} s in the browser before being sent`
      : '',
    diagnosis.lateStreamMs !== undefined ? `the event stream opened only after ${(diagnosis.lateStreamMs / 1000).toFixed(1)} s` : '',
    diagnosis.unansweredRequests
      ? `${diagnosis.unansweredRequests} poll request${diagnosis.unansweredRequests === 1 ? '' : 's'} got no answer for up to ${(diagnosis.longestUnansweredMs / 1000).toFixed(1)} s, though the server answers as soon as an event exists`
      : '',
  ].filter(Boolean);
  const why =
    diagnosis.protocol === 'http/1.1' || diagnosis.protocol === ''
      ? 'Over HTTP/1.1 a browser opens at most six connections to one site, shared by all its tabs, and each open event stream or held long poll keeps one busy. Other tabs of this site (or other widgets) had them.'
      : `The connection (${diagnosis.protocol}) was saturated by other requests to this site.`;
  return `The browser's queue, not the transports: ${held.join(', and ')}. ${why} Close other tabs of this site and race again; the late numbers measure the queue.`;
}
