import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import {
  DEFAULT_INPUTS,
  MEASURED_HEADER_BYTES,
  SSE_FRAMING_BYTES,
  estimateScale,
  webSocketFrameHeaderBytes,
  type ScaleInputs,
} from '../../src/lib/scale/calculator.ts';
import { formatSseMessage } from '../../src/lib/realtime/transports/sse-format.ts';

// ws exports its frame writer but @types/ws does not describe it.
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: Record<string, boolean | number>): Buffer[] } };

// Expected values below were worked out by hand (and a pocket calculator), not by running the code.
describe('scale calculator', () => {
  it('starts from 10,000 users, 2 events a minute, 5 s polls, 30 s long polls, 200-byte events and the measured 883 header bytes', () => {
    expect(DEFAULT_INPUTS).toEqual({
      users: 10_000,
      eventsPerUserPerMinute: 2,
      pollIntervalSeconds: 5,
      longPollTimeoutSeconds: 30,
      payloadBytes: 200,
      headerBytes: 883,
    });
    expect(MEASURED_HEADER_BYTES).toBe(883);
  });

  describe('with the defaults', () => {
    const { eventsPerSecond, transports } = estimateScale(DEFAULT_INPUTS);

    it('delivers N × E / 60 = 10,000 × 2 / 60 = 333.3 events per second', () => {
      expect(eventsPerSecond).toBeCloseTo(333.333, 3);
    });

    it('short polling: 10,000 / 5 = 2,000 requests/s, 2,000 × 883 + 333.3 × 200 = 1,832,667 B/s, e^(−1/6) = 84.6% empty', () => {
      expect(transports.shortPolling.requestsPerSecond).toBe(2000);
      expect(transports.shortPolling.bytesPerSecond).toBeCloseTo(1_832_666.67, 1);
      expect(transports.shortPolling.openConnections).toBe(0);
      expect(transports.shortPolling.emptyShare).toBeCloseTo(0.846482, 6);
    });

    it('long polling: λH = 1, 10,000 × (1/30) / (1 − e^−1) = 527.33 requests/s, 36.8% empty, 10,000 held', () => {
      expect(transports.longPolling.requestsPerSecond).toBeCloseTo(527.3256, 3);
      // 527.3256 × 883 = 465,628.5, plus 66,666.7 of payload.
      expect(transports.longPolling.bytesPerSecond).toBeCloseTo(532_295.1, 0);
      expect(transports.longPolling.openConnections).toBe(10_000);
      expect(transports.longPolling.emptyShare).toBeCloseTo(0.367879, 6);
    });

    it('SSE: no requests, 333.3 × (200 + 29) = 76,333 B/s, 10,000 open streams, no empty replies', () => {
      expect(transports.sse).toEqual({
        requestsPerSecond: 0,
        bytesPerSecond: expect.closeTo(76_333.33, 1),
        openConnections: 10_000,
        emptyShare: null,
      });
    });

    it('WebSockets: no requests, 333.3 × (200 + 4) = 68,000 B/s, 10,000 open sockets', () => {
      // 200 bytes does not fit the 7-bit length (≤ 125), so the frame header has 2 extra length bytes.
      expect(transports.webSocket).toEqual({
        requestsPerSecond: 0,
        bytesPerSecond: expect.closeTo(68_000, 6),
        openConnections: 10_000,
        emptyShare: null,
      });
    });
  });

  it('a silent feed: every poll is empty and a long poll ends only at its timeout (1,000 / 20 = 50 /s)', () => {
    const quiet: ScaleInputs = {
      users: 1000,
      eventsPerUserPerMinute: 0,
      pollIntervalSeconds: 10,
      longPollTimeoutSeconds: 20,
      payloadBytes: 100,
      headerBytes: 500,
    };
    const { eventsPerSecond, transports } = estimateScale(quiet);
    expect(eventsPerSecond).toBe(0);
    expect(transports.shortPolling).toEqual({ requestsPerSecond: 100, bytesPerSecond: 50_000, openConnections: 0, emptyShare: 1 });
    expect(transports.longPolling).toEqual({ requestsPerSecond: 50, bytesPerSecond: 25_000, openConnections: 1000, emptyShare: 1 });
    expect(transports.sse.bytesPerSecond).toBe(0);
    expect(transports.webSocket.bytesPerSecond).toBe(0);
  });

  it('a busy feed: 10 events/s per user make a long poll return once per event and almost no poll empty', () => {
    const busy: ScaleInputs = {
      users: 1,
      eventsPerUserPerMinute: 600,
      pollIntervalSeconds: 1,
      longPollTimeoutSeconds: 30,
      payloadBytes: 1000,
      headerBytes: 0,
    };
    const { transports } = estimateScale(busy);
    expect(transports.shortPolling.requestsPerSecond).toBe(1);
    expect(transports.shortPolling.emptyShare).toBeCloseTo(4.54e-5, 7); // e^−10
    expect(transports.shortPolling.bytesPerSecond).toBe(10_000);
    expect(transports.longPolling.requestsPerSecond).toBeCloseTo(10, 9); // 10 / (1 − e^−300)
    expect(transports.sse.bytesPerSecond).toBe(10_290); // 10 × (1000 + 29)
    expect(transports.webSocket.bytesPerSecond).toBe(10_040); // 10 × (1000 + 4)
  });

  it('halving the poll interval doubles short-poll requests and header bytes, and leaves the other transports alone', () => {
    const base = estimateScale(DEFAULT_INPUTS).transports;
    const faster = estimateScale({ ...DEFAULT_INPUTS, pollIntervalSeconds: 2.5 }).transports;
    expect(faster.shortPolling.requestsPerSecond).toBe(4000);
    expect(faster.shortPolling.bytesPerSecond - base.shortPolling.bytesPerSecond).toBeCloseTo(2000 * 883, 6);
    expect(faster.longPolling).toEqual(base.longPolling);
    expect(faster.sse).toEqual(base.sse);
    expect(faster.webSocket).toEqual(base.webSocket);
  });

  it.each([
    [0, 2],
    [125, 2],
    [126, 4],
    [65_535, 4],
    [65_536, 10],
  ])('a %i-byte server frame has a %i-byte header, as ws writes it', (payload, header) => {
    expect(webSocketFrameHeaderBytes(payload)).toBe(header);
    const frame = Sender.frame(Buffer.alloc(payload), { fin: true, rsv1: false, opcode: 0x02, mask: false, readOnly: false });
    expect(frame.reduce((bytes, part) => bytes + part.length, 0) - payload).toBe(header);
  });

  it('counts SSE framing as this site frames an event with a 16-character cursor', () => {
    const data = 'x'.repeat(200);
    expect(formatSseMessage({ id: 'mwzp1f45224-1234', data }).length - data.length).toBe(SSE_FRAMING_BYTES);
  });
});
