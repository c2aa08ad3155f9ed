/**
 * What breaks first: each transport's load from the calculator, set against rule-of-thumb capacities
 * of one server, so the reader sees which resource runs out first and how many servers it takes.
 * The capacities are round assumptions for a whiteboard, not measurements; the page says so.
 */
import { estimateScale, type ScaleInputs, type TransportLoad, type TransportName } from './calculator.ts';
import { formatBandwidth, formatCount, type Working } from './workings.ts';

/** A resource of one server that a transport uses up. */
export type Resource = 'connections' | 'requests' | 'bandwidth';

/** Rule-of-thumb capacity of one server, per resource. */
export interface ServerCapacity {
  /** Requests or sockets one server holds open (memory, file descriptors, ephemeral ports on the proxies). */
  connections: number;
  /** HTTP requests one server answers per second (parsing, routing, auth, a lookup). */
  requests: number;
  /** Bytes per second through one server's network card. */
  bandwidth: number;
}

/** The assumptions the calculator states: 100,000 open connections, 10,000 requests/s and 1 Gbit/s per server. */
export const SERVER_CAPACITY: ServerCapacity = {
  connections: 100_000,
  requests: 10_000,
  bandwidth: 125_000_000,
};

/** How much of one resource a transport needs, as servers' worth of it. */
export interface ResourceNeed {
  resource: Resource;
  /** Load on this resource, all users together. */
  load: number;
  /** Load ÷ one server's capacity: how many servers this resource alone asks for. */
  servers: number;
}

/** Every resource a transport uses, the first to run out first; `first` is undefined when it uses none. */
export interface Bottleneck {
  needs: ResourceNeed[];
  first: ResourceNeed | undefined;
}

const LOAD_OF: Record<Resource, (load: TransportLoad) => number> = {
  connections: (load) => load.openConnections,
  requests: (load) => load.requestsPerSecond,
  bandwidth: (load) => load.bytesPerSecond,
};

/** The resources of one transport's load, ranked by the servers each needs (most first; ties keep the order connections, requests, bandwidth). */
export function rankResources(load: TransportLoad, capacity: ServerCapacity = SERVER_CAPACITY): Bottleneck {
  const needs = (Object.keys(LOAD_OF) as Resource[])
    .map((resource) => ({ resource, load: LOAD_OF[resource](load), servers: LOAD_OF[resource](load) / capacity[resource] }))
    .filter((need) => need.load > 0)
    .sort((a, b) => b.servers - a.servers);
  return { needs, first: needs[0] };
}

/** What breaks first for each transport at `inputs`. */
export function findBottlenecks(inputs: ScaleInputs, capacity: ServerCapacity = SERVER_CAPACITY): Record<TransportName, Bottleneck> {
  const { transports } = estimateScale(inputs);
  return {
    shortPolling: rankResources(transports.shortPolling, capacity),
    longPolling: rankResources(transports.longPolling, capacity),
    sse: rankResources(transports.sse, capacity),
    webSocket: rankResources(transports.webSocket, capacity),
  };
}

const NAME: Record<Resource, string> = {
  connections: 'open connections',
  requests: 'requests per second',
  bandwidth: 'bandwidth',
};

/** One load or capacity as the page prints it. */
function amount(resource: Resource, value: number): string {
  if (resource === 'bandwidth') return formatBandwidth(value);
  return resource === 'requests' ? `${formatCount(value)} /s` : formatCount(value);
}

/** "Breaks first" as text, with its working: e.g. "requests per second: 20 servers" from "200,000 /s ÷ 10,000 /s per server". */
export function explainBottleneck(bottleneck: Bottleneck, capacity: ServerCapacity = SERVER_CAPACITY): Working {
  const { first } = bottleneck;
  if (!first) return { result: 'nothing: no load', formula: '', numbers: 'no users or no events' };
  // Rounded to 6 digits first, so 50,000.01 /s against 10,000 reads as 5 servers, not 6.
  const servers = Math.ceil(Number(first.servers.toPrecision(6)));
  return {
    result: `${NAME[first.resource]}: ${formatCount(servers)} ${servers === 1 ? 'server' : 'servers'}`,
    formula: 'load ÷ one server',
    numbers: `${amount(first.resource, first.load)} ÷ ${amount(first.resource, capacity[first.resource])} per server`,
  };
}

/** "Breaks first" for every transport, keyed like the calculator's other results. */
export function explainBottlenecks(inputs: ScaleInputs, capacity: ServerCapacity = SERVER_CAPACITY): Record<TransportName, Working> {
  const found = findBottlenecks(inputs, capacity);
  return {
    shortPolling: explainBottleneck(found.shortPolling, capacity),
    longPolling: explainBottleneck(found.longPolling, capacity),
    sse: explainBottleneck(found.sse, capacity),
    webSocket: explainBottleneck(found.webSocket, capacity),
  };
}
