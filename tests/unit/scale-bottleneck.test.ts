import { describe, expect, it } from 'vitest';
import { SERVER_CAPACITY, explainBottleneck, explainBottlenecks, findBottlenecks, rankResources } from '../../src/lib/scale/bottleneck.ts';
import { DEFAULT_INPUTS } from '../../src/lib/scale/calculator.ts';
import { SCALE_PRESETS } from '../../src/lib/scale/presets.ts';
import { parseScaleInputs } from '../../src/lib/scale/inputs.ts';

const preset = (id: string) => SCALE_PRESETS.find((candidate) => candidate.id === id)!.inputs;

describe('what breaks first', () => {
  it('ranks the resources by the servers each needs, and leaves out the ones a transport does not use', () => {
    const ranked = rankResources({ requestsPerSecond: 30_000, bytesPerSecond: 250_000_000, openConnections: 0, emptyShare: 0.5 });
    expect(ranked.needs.map((need) => [need.resource, need.servers])).toEqual([
      ['requests', 3],
      ['bandwidth', 2],
    ]);
    expect(ranked.first?.resource).toBe('requests');
    expect(rankResources({ requestsPerSecond: 0, bytesPerSecond: 0, openConnections: 0, emptyShare: null })).toEqual({
      needs: [],
      first: undefined,
    });
  });

  it('uses the capacities it is given', () => {
    const load = { requestsPerSecond: 1_000, bytesPerSecond: 1_000, openConnections: 1_000, emptyShare: null };
    expect(rankResources(load, { connections: 10, requests: 100, bandwidth: 1_000 }).first).toEqual({
      resource: 'connections',
      load: 1_000,
      servers: 100,
    });
    expect(rankResources(load, { connections: 1_000, requests: 10, bandwidth: 1_000 }).first?.resource).toBe('requests');
  });

  it('notifications for 1M users: polling runs out of requests per second, the held transports out of connections', () => {
    const found = findBottlenecks(preset('notifications'));
    expect(found.shortPolling.first).toEqual({ resource: 'requests', load: 100_000, servers: 10 });
    for (const name of ['longPolling', 'sse', 'webSocket'] as const)
      expect(found[name].first).toEqual({ resource: 'connections', load: 1_000_000, servers: 10 });
    expect(explainBottlenecks(preset('notifications')).shortPolling).toEqual({
      result: 'requests per second: 10 servers',
      formula: 'load ÷ one server',
      numbers: '100,000 /s ÷ 10,000 /s per server',
    });
  });

  it('chat: long polling pays a request per message, so requests break it before connections do', () => {
    const found = findBottlenecks(preset('chat'));
    expect(found.longPolling.first?.resource).toBe('requests');
    // 100,000 users × 0.5 /s ÷ (1 − e^(−15)) is a hair over 50,000 /s: five servers, not six.
    expect(explainBottlenecks(preset('chat')).longPolling.result).toBe('requests per second: 5 servers');
    expect(found.webSocket.first).toEqual({ resource: 'connections', load: 100_000, servers: 1 });
  });

  it('ticker: the push transports run out of bandwidth before connections', () => {
    const working = explainBottlenecks(preset('ticker'));
    // 200,000 × 10 /s × (150 + 29) B = 358 MB/s over a 125 MB/s card; WebSockets: × (150 + 4) B = 308 MB/s.
    expect(working.sse).toEqual({
      result: 'bandwidth: 3 servers',
      formula: 'load ÷ one server',
      numbers: '358 MB/s (2.86 Gbit/s) ÷ 125 MB/s (1 Gbit/s) per server',
    });
    expect(working.webSocket.result).toBe('bandwidth: 3 servers');
    expect(working.longPolling.result).toBe('requests per second: 200 servers');
    expect(working.shortPolling.result).toBe('requests per second: 20 servers');
  });

  it('says one server in the singular at the defaults, and names an idle feed', () => {
    expect(explainBottlenecks(DEFAULT_INPUTS).sse.result).toBe('open connections: 1 server');
    expect(explainBottleneck({ needs: [], first: undefined }).result).toBe('nothing: no load');
    expect(SERVER_CAPACITY).toEqual({ connections: 100_000, requests: 10_000, bandwidth: 125_000_000 });
  });

  it('fills the form with values the form accepts, for every preset', () => {
    for (const { inputs } of SCALE_PRESETS) {
      const typed = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, String(value)]));
      expect(parseScaleInputs(typed)).toEqual({ ok: true, inputs });
    }
  });
});
