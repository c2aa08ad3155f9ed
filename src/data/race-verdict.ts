import { formatLatency } from '../client/latency-format.ts';
import { TRANSPORTS, TRANSPORT_INFO, type Transport } from './comparison.ts';

/** What the race measured for one transport: the figures the verdict compares. */
export interface MeasuredLane {
  p50Ms: number;
  bytesPerEvent: number;
  delivered: number;
  requests: number;
}

/** The measured cell shown beside the comparison table's Latency and Overhead ratings. */
export interface MeasuredCells {
  latency: string;
  overhead: string;
}

/** The comparison table's "measured" cells for one transport. Pure. */
export function measuredCells(lane: MeasuredLane): MeasuredCells {
  return {
    latency: `p50 ${Math.round(lane.p50Ms)} ms`,
    overhead: `${Math.round(lane.bytesPerEvent)} B/event, ${lane.requests} requests`,
  };
}

/** Latency differences smaller than this, ms, are within the noise of one run. */
const NOISE_MS = 5;

/** Transports ordered from lowest to highest by a figure. */
function ranked(results: Record<Transport, MeasuredLane>, figure: (lane: MeasuredLane) => number): Transport[] {
  return [...TRANSPORTS].sort((a, b) => figure(results[a]) - figure(results[b]));
}

/**
 * One line saying whether a run agrees with the table's Latency and Overhead ratings and why. The
 * table's levels rank the push transports (SSE, WebSockets) above both polls, and short polling
 * slowest. A run agrees when short polling has the highest p50, the push transports the lowest
 * p50 (or long polling is within a few ms of them) and the lowest bytes per event. Differences inside one level (SSE vs WebSockets, a few ms and bytes)
 * are noise, so only the levels count. Pure.
 */
export function raceVerdict(results: Record<Transport, MeasuredLane>, pollIntervalMs: number): string {
  const name = (transport: Transport) => TRANSPORT_INFO[transport].name;
  const byLatency = ranked(results, (lane) => lane.p50Ms);
  const byBytes = ranked(results, (lane) => lane.bytesPerEvent);
  const pushFirst = (order: Transport[]) => order.slice(0, 2).every((t) => t === 'sse' || t === 'websockets');
  const long = results['long-polling'];
  const slowerPush = Math.max(results.sse.p50Ms, results.websockets.p50Ms);
  // Within a few ms the order is noise: on a fast connection a new long poll costs well under that.
  const longPollKeptUp = long.p50Ms <= slowerPush + NOISE_MS;
  const latencyAgrees = byLatency[3] === 'short-polling' && (pushFirst(byLatency) || longPollKeptUp);
  const overheadAgrees = pushFirst(byBytes);
  const short = results['short-polling'];
  const bytes = (t: Transport) => `${Math.round(results[t].bytesPerEvent)} B`;
  const why =
    `short polling's p50 of ${Math.round(short.p50Ms)} ms follows its ${pollIntervalMs / 1000} s interval (an event waits half of it on average) ` +
    `while ${name(byLatency[0]!)} took ${Math.round(results[byLatency[0]!].p50Ms)} ms, ` +
    `and per event ${name(byBytes[0]!)} moved ${bytes(byBytes[0]!)} against ${bytes(byBytes[3]!)} for ${name(byBytes[3]!)}`;
  // At high rates one short poll carries many events, so its headers are shared; the table's "many requests" shows at low rates.
  const batching =
    byBytes.indexOf('short-polling') < byBytes.indexOf('long-polling')
      ? ` (short polling beat long polling on bytes because each of its ${short.requests} requests carried about ${Math.round(short.delivered / Math.max(1, short.requests))} events; at rare events most polls come back empty and it loses)`
      : '';
  const keptUp = longPollKeptUp
    ? `; long polling kept pace with the push transports (p50 ${Math.round(long.p50Ms)} ms) because a new request on a fast connection costs only a few ms — the table's "Medium" shows over slower round trips and at high rates`
    : '';
  if (latencyAgrees && overheadAgrees) return `This run agrees with the comparison table: ${why}${batching}${keptUp}.`;
  const differs = [
    latencyAgrees ? undefined : `by p50 latency the order was ${byLatency.map(name).join(' < ')}`,
    overheadAgrees ? undefined : `by bytes per event the order was ${byBytes.map(name).join(' < ')}`,
  ].filter(Boolean);
  return `This run differs from the comparison table (which ranks the push transports first and short polling last): ${differs.join('; ')}; ${why}${batching}${keptUp}.`;
}

/**
 * The verdict in three short lines for the widget: who was fastest and slowest by p50, who moved the
 * fewest and most bytes per event, and whether that matches the comparison table. A p50 below the
 * clock's uncertainty (`uncertaintyMs`) is shown as "≈ 0 ms (± u)". Pure.
 */
export function raceVerdictLines(
  results: Record<Transport, MeasuredLane>,
  pollIntervalMs: number,
  uncertaintyMs?: number,
): [string, string, string] {
  const name = (transport: Transport) => TRANSPORT_INFO[transport].name;
  const byLatency = ranked(results, (lane) => lane.p50Ms);
  const byBytes = ranked(results, (lane) => lane.bytesPerEvent);
  const p50 = (t: Transport) => formatLatency(results[t].p50Ms, uncertaintyMs);
  const bytes = (t: Transport) => `${Math.round(results[t].bytesPerEvent)} B`;
  const pushFirst = (order: Transport[]) => order.slice(0, 2).every((t) => t === 'sse' || t === 'websockets');
  const slowerPush = Math.max(results.sse.p50Ms, results.websockets.p50Ms);
  const longPollKeptUp = results['long-polling'].p50Ms <= slowerPush + NOISE_MS;
  const latencyAgrees = byLatency[3] === 'short-polling' && (pushFirst(byLatency) || longPollKeptUp);
  const overheadAgrees = pushFirst(byBytes);
  const slowest = byLatency[3]!;
  const interval = slowest === 'short-polling' ? `, its ${pollIntervalMs / 1000} s interval` : '';
  const agreement =
    latencyAgrees && overheadAgrees
      ? 'As the table says: the push transports lead, short polling trails.'
      : `Unlike the table: ${latencyAgrees ? 'by bytes' : 'by latency'} the order was ${(latencyAgrees ? byBytes : byLatency).map(name).join(' < ')}.`;
  return [
    `Fastest: ${name(byLatency[0]!)} (p50 ${p50(byLatency[0]!)}); slowest: ${name(slowest)} (p50 ${p50(slowest)}${interval}).`,
    `Fewest bytes per event: ${name(byBytes[0]!)} (${bytes(byBytes[0]!)}); most: ${name(byBytes[3]!)} (${bytes(byBytes[3]!)}).`,
    agreement,
  ];
}
