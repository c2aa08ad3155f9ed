/**
 * The calculator's results as text, each with its formula in symbols and again with the reader's
 * numbers in place, so the page shows the working and not only the answer. Used by the server render
 * (defaults, readable without JavaScript) and by the browser when an input changes.
 */
import {
  SSE_FRAMING_BYTES,
  estimateScale,
  eventsPerUserPerSecond,
  webSocketFrameHeaderBytes,
  type ScaleInputs,
  type TransportName,
} from './calculator.ts';

/** One figure with how it was reached. */
export interface Working {
  /** The answer with its unit, e.g. "2,000 /s". */
  result: string;
  /** The formula in the page's symbols, e.g. "N ÷ T"; empty where the result needs none (a constant). */
  formula: string;
  /** The formula with the numbers in, e.g. "10,000 ÷ 5". */
  numbers: string;
}

export interface TransportWorkings {
  requests: Working;
  bandwidth: Working;
  open: Working;
  empty: Working;
}

export interface ScaleWorkings {
  /** λ, events per user per second. */
  rate: Working;
  /** Events per second, all users. */
  events: Working;
  transports: Record<TransportName, TransportWorkings>;
}

/** A count for people: 2,000 · 527 · 33.3 · 0.0333. */
export function formatCount(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A data rate in bytes and bits: "1.56 MB/s (12.5 Mbit/s)". */
export function formatBandwidth(bytesPerSecond: number): string {
  return `${scaled(bytesPerSecond, 'B')}/s (${scaled(bytesPerSecond * 8, 'bit')}/s)`;
}

/** A share as a whole percentage; "under 1%" rather than a misleading 0%. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.005) return 'under 1%';
  return `${Math.round(share * 100)}%`;
}

/** All results of `inputs`, with their working. */
export function explainScale(inputs: ScaleInputs): ScaleWorkings {
  const { transports, eventsPerSecond } = estimateScale(inputs);
  const { users: n, pollIntervalSeconds: t, longPollTimeoutSeconds: h, payloadBytes: p, headerBytes: r } = inputs;
  const rate = eventsPerUserPerSecond(inputs);
  const lambda = formatCount(rate);
  const events = formatCount(eventsPerSecond);
  const frame = webSocketFrameHeaderBytes(p);
  const held = (what: string): Working => ({ result: formatCount(n), formula: 'N', numbers: `one ${what} per user` });
  const noRequests = (why: string): Working => ({ result: '0 /s', formula: '', numbers: why });

  return {
    rate: { result: `${lambda} /s`, formula: 'λ = E ÷ 60', numbers: `${formatCount(inputs.eventsPerUserPerMinute)} ÷ 60` },
    events: { result: `${events} /s`, formula: 'N × λ', numbers: `${formatCount(n)} × ${lambda}` },
    transports: {
      shortPolling: {
        requests: {
          result: `${formatCount(transports.shortPolling.requestsPerSecond)} /s`,
          formula: 'N ÷ T',
          numbers: `${formatCount(n)} ÷ ${formatCount(t)}`,
        },
        bandwidth: {
          result: formatBandwidth(transports.shortPolling.bytesPerSecond),
          formula: 'N ÷ T × R + N × λ × P',
          numbers: `${formatCount(n / t)} × ${formatCount(r)} B + ${events} × ${formatCount(p)} B`,
        },
        open: { result: '0', formula: '', numbers: 'nothing is held between polls' },
        empty: {
          result: formatShare(transports.shortPolling.emptyShare ?? 0),
          formula: 'e^(−λ × T)',
          numbers: `e^(−${formatCount(rate * t)})`,
        },
      },
      longPolling: {
        requests: {
          result: `${formatCount(transports.longPolling.requestsPerSecond)} /s`,
          formula: rate === 0 ? 'N ÷ H' : 'N × λ ÷ (1 − e^(−λ × H))',
          numbers:
            rate === 0 ? `${formatCount(n)} ÷ ${formatCount(h)}` : `${formatCount(n)} × ${lambda} ÷ (1 − e^(−${formatCount(rate * h)}))`,
        },
        bandwidth: {
          result: formatBandwidth(transports.longPolling.bytesPerSecond),
          formula: 'requests/s × R + N × λ × P',
          numbers: `${formatCount(transports.longPolling.requestsPerSecond)} × ${formatCount(r)} B + ${events} × ${formatCount(p)} B`,
        },
        open: held('held request'),
        empty: {
          result: formatShare(transports.longPolling.emptyShare ?? 0),
          formula: 'e^(−λ × H)',
          numbers: `e^(−${formatCount(rate * h)})`,
        },
      },
      sse: {
        requests: noRequests('one request per user when the stream opens, then none'),
        bandwidth: {
          result: formatBandwidth(transports.sse.bytesPerSecond),
          formula: `N × λ × (P + ${SSE_FRAMING_BYTES})`,
          numbers: `${events} × (${formatCount(p)} + ${SSE_FRAMING_BYTES}) B`,
        },
        open: held('open stream'),
        empty: { result: 'none', formula: '', numbers: 'the client never asks; the server writes only when there is news' },
      },
      webSocket: {
        requests: noRequests('one upgrade request per user, then frames only'),
        bandwidth: {
          result: formatBandwidth(transports.webSocket.bytesPerSecond),
          formula: 'N × λ × (P + f)',
          numbers: `${events} × (${formatCount(p)} + ${frame}) B, f = ${frame}-byte frame header`,
        },
        open: held('open socket'),
        empty: { result: 'none', formula: '', numbers: 'the server sends a frame only when there is news' },
      },
    },
  };
}

function scaled(value: number, unit: string): string {
  const steps = ['', 'k', 'M', 'G', 'T'];
  let step = 0;
  while (Math.abs(value) >= 1000 && step < steps.length - 1) {
    value /= 1000;
    step += 1;
  }
  return `${Number(value.toPrecision(3)).toLocaleString('en-US')} ${steps[step]}${unit}`;
}
