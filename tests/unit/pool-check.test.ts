import { describe, expect, it } from 'vitest';
import { diagnosePool, explainPool, queuedMs, unansweredMs, type RequestTiming } from '../../src/client/race/pool-check.ts';

/** A timing as Chromium reports it: a reused connection has its DNS and connect phases at zero length. */
const timing = (startTime: number, requestStart: number, extra: Partial<RequestTiming> = {}): RequestTiming => ({
  name: '/api/poll?topic=race-1',
  startTime,
  domainLookupStart: startTime,
  domainLookupEnd: startTime,
  connectStart: startTime,
  connectEnd: startTime,
  requestStart,
  nextHopProtocol: 'http/1.1',
  ...extra,
});

describe('queuedMs', () => {
  it('is the wait before sending that was not DNS or connecting', () => {
    expect(queuedMs(timing(100, 1600))).toBe(1500);
    expect(queuedMs(timing(100, 500, { connectStart: 110, connectEnd: 450 }))).toBe(60);
  });

  it('is 0 when the browser hides the details', () => {
    expect(queuedMs(timing(100, 0))).toBe(0);
  });
});

describe('diagnosePool', () => {
  it('finds nothing when every request went out at once and the stream opened quickly', () => {
    expect(diagnosePool([timing(0, 3), timing(1000, 1002)], 40, 5000)).toBeUndefined();
  });

  // Regression: with three other tabs of the site open, a race reported "lost events!" and blamed SSE.
  it('reports requests held in the browser, and the protocol that limits them', () => {
    expect(diagnosePool([timing(0, 3), timing(1000, 4800), timing(2000, 2600)], 40, 5000)).toEqual({
      longestQueueMs: 3800,
      queuedRequests: 2,
      protocol: 'http/1.1',
      lateStreamMs: undefined,
      unansweredRequests: 0,
      longestUnansweredMs: 0,
    });
  });

  it('reports a stream that opened late, or never (counted as the whole race)', () => {
    expect(diagnosePool([], 3500, 5000)?.lateStreamMs).toBe(3500);
    expect(diagnosePool([], undefined, 5000)?.lateStreamMs).toBe(5000);
  });

  // Regression: the stream took the last free connection at once and both polls waited in the browser
  // for the whole race; they left no timing and the stream was on time, so the race blamed the polls.
  it('reports poll requests left unanswered for seconds, which the browser never sent', () => {
    expect(diagnosePool([timing(0, 3)], 40, 9000, [6200, 150, 4100])).toEqual({
      longestQueueMs: 3,
      queuedRequests: 0,
      protocol: 'http/1.1',
      lateStreamMs: undefined,
      unansweredRequests: 2,
      longestUnansweredMs: 6200,
    });
    expect(diagnosePool([timing(0, 3)], 40, 9000, [150])).toBeUndefined();
  });
});

describe('unansweredMs', () => {
  const race = { firstEventAt: 10_000, lastEventAt: 15_000 };

  it('counts from the race’s first event for a request sent before it (a long poll is rightly held until then)', () => {
    expect(unansweredMs({ issuedAt: 8500, stoppedAt: 17_000 }, race)).toBe(7000);
  });

  it('counts from its start for a request sent while events were published', () => {
    expect(unansweredMs({ issuedAt: 12_000, stoppedAt: 17_000 }, race)).toBe(5000);
  });

  it('is 0 for a request sent after the last event, which a long poll may hold', () => {
    expect(unansweredMs({ issuedAt: 15_500, stoppedAt: 17_000 }, race)).toBe(0);
  });
});

describe('explainPool', () => {
  it('names the six-connection limit of HTTP/1.1 and does not blame a transport', () => {
    const text = explainPool({
      longestQueueMs: 3800,
      queuedRequests: 2,
      protocol: 'http/1.1',
      lateStreamMs: 3500,
      unansweredRequests: 0,
      longestUnansweredMs: 0,
    });
    expect(text).toBe(
      "The browser's queue, not the transports: 2 requests waited up to 3.8 s in the browser before being sent, and the event stream opened only after 3.5 s. " +
        'Over HTTP/1.1 a browser opens at most six connections to one site, shared by all its tabs, and each open event stream or held long poll keeps one busy. ' +
        'Other tabs of this site (or other widgets) had them. Close other tabs of this site and race again; the late numbers measure the queue.',
    );
  });

  it('says how long the unanswered polls waited', () => {
    const text = explainPool({
      longestQueueMs: 0,
      queuedRequests: 0,
      protocol: '',
      lateStreamMs: undefined,
      unansweredRequests: 2,
      longestUnansweredMs: 6200,
    });
    expect(text).toMatch(
      /^The browser's queue, not the transports: 2 poll requests got no answer for up to 6\.2 s, though the server answers as soon as an event exists\. Over HTTP\/1\.1 a browser opens at most six connections to one site/,
    );
  });
});
