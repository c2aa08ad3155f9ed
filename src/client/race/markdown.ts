import { TRANSPORT_INFO, type Transport } from '../../data/comparison.ts';
import type { LaneSummary } from './lane.ts';
import type { RaceParams } from './race-params.ts';

const ms = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)}`);

/** The race results as a Markdown table, with the parameters and the verdict, to paste in notes. Pure. */
export function raceMarkdown(params: RaceParams, lanes: ReadonlyArray<[Transport, LaneSummary]>, verdict: string, url: string): string {
  const rows = lanes.map(([transport, lane]) =>
    [
      TRANSPORT_INFO[transport].name,
      `${lane.delivered}/${lane.expected}`,
      String(lane.missed),
      String(lane.duplicated),
      ms(lane.p50),
      ms(lane.p95),
      ms(lane.max),
      String(lane.requests),
      String(lane.empty),
      lane.bytesPerEvent === undefined ? '–' : `${Math.round(lane.bytesPerEvent)} (${lane.bytesSource})`,
      String(lane.connections),
    ].join(' | '),
  );
  return [
    `Race: ${params.rate} events/s for ${params.duration} s, short polling every ${params.interval} s — ${url}`,
    '',
    '| Transport | Delivered | Missed | Duplicated | p50 ms | p95 ms | max ms | Requests | Empty | Bytes/event | Connections held |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '',
    verdict,
    '',
  ].join('\n');
}
