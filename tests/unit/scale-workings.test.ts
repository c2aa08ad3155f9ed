import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUTS } from '../../src/lib/scale/calculator.ts';
import { parseScaleInputs, SCALE_FIELDS } from '../../src/lib/scale/inputs.ts';
import { explainScale, formatBandwidth, formatCount, formatShare } from '../../src/lib/scale/workings.ts';

describe('scale calculator working', () => {
  it('formats counts, rates and shares the way the page prints them', () => {
    expect([formatCount(0), formatCount(2000), formatCount(527.3256), formatCount(33.333), formatCount(0.033333)]).toEqual([
      '0',
      '2,000',
      '527',
      '33.3',
      '0.0333',
    ]);
    expect(formatBandwidth(1_564_666.67)).toBe('1.56 MB/s (12.5 Mbit/s)');
    expect(formatBandwidth(750)).toBe('750 B/s (6 kbit/s)');
    expect([formatShare(0.846482), formatShare(1), formatShare(0), formatShare(0.00004)]).toEqual(['85%', '100%', '0%', 'under 1%']);
  });

  it('shows each default result with its formula and the numbers put in', () => {
    const { rate, events, transports } = explainScale(DEFAULT_INPUTS);
    expect(rate).toEqual({ result: '0.0333 /s', formula: 'λ = E ÷ 60', numbers: '2 ÷ 60' });
    expect(events).toEqual({ result: '333 /s', formula: 'N × λ', numbers: '10,000 × 0.0333' });
    expect(transports.shortPolling.requests).toEqual({ result: '2,000 /s', formula: 'N ÷ T', numbers: '10,000 ÷ 5' });
    expect(transports.shortPolling.bandwidth).toEqual({
      result: '1.83 MB/s (14.7 Mbit/s)',
      formula: 'N ÷ T × R + N × λ × P',
      numbers: '2,000 × 883 B + 333 × 200 B',
    });
    expect(transports.shortPolling.empty).toEqual({ result: '85%', formula: 'e^(−λ × T)', numbers: 'e^(−0.167)' });
    expect(transports.longPolling.requests).toEqual({
      result: '527 /s',
      formula: 'N × λ ÷ (1 − e^(−λ × H))',
      numbers: '10,000 × 0.0333 ÷ (1 − e^(−1))',
    });
    expect(transports.longPolling.empty.result).toBe('37%');
    expect(transports.longPolling.open).toEqual({ result: '10,000', formula: 'N', numbers: 'one held request per user' });
    expect(transports.sse.bandwidth).toEqual({
      result: '76.3 kB/s (611 kbit/s)',
      formula: 'N × λ × (P + 29)',
      numbers: '333 × (200 + 29) B',
    });
    expect(transports.webSocket.bandwidth).toEqual({
      result: '68 kB/s (544 kbit/s)',
      formula: 'N × λ × (P + f)',
      numbers: '333 × (200 + 4) B, f = 4-byte frame header',
    });
  });

  it('switches the long-poll formula to N ÷ H when nothing ever happens (λ = 0 would divide by zero)', () => {
    const { transports } = explainScale({ ...DEFAULT_INPUTS, eventsPerUserPerMinute: 0 });
    expect(transports.longPolling.requests).toEqual({ result: '333 /s', formula: 'N ÷ H', numbers: '10,000 ÷ 30' });
  });
});

describe('scale calculator inputs', () => {
  const defaults = Object.fromEntries(Object.entries(DEFAULT_INPUTS).map(([name, value]) => [name, String(value)]));

  it('lists one field per input, in the order of the formulas’ symbols', () => {
    expect(SCALE_FIELDS.map((field) => `${field.symbol}:${field.name}`)).toEqual([
      'N:users',
      'E:eventsPerUserPerMinute',
      'T:pollIntervalSeconds',
      'H:longPollTimeoutSeconds',
      'P:payloadBytes',
      'R:headerBytes',
    ]);
  });

  it('reads the defaults back as they are', () => {
    expect(parseScaleInputs(defaults)).toEqual({ ok: true, inputs: DEFAULT_INPUTS });
  });

  it('accepts decimals where they make sense and trims spaces', () => {
    expect(parseScaleInputs({ ...defaults, eventsPerUserPerMinute: ' 0.5 ', pollIntervalSeconds: '2.5' })).toEqual({
      ok: true,
      inputs: { ...DEFAULT_INPUTS, eventsPerUserPerMinute: 0.5, pollIntervalSeconds: 2.5 },
    });
  });

  it('names every bad field with what it must be', () => {
    expect(
      parseScaleInputs({
        ...defaults,
        users: '0',
        pollIntervalSeconds: '',
        payloadBytes: '1.5',
        headerBytes: 'lots',
        longPollTimeoutSeconds: '1e9',
      }),
    ).toEqual({
      ok: false,
      errors: {
        users: 'must be a whole number from 1 to 1,000,000,000',
        pollIntervalSeconds: 'is required',
        payloadBytes: 'must be a whole number from 0 to 10,000,000',
        headerBytes: 'must be a whole number from 0 to 100,000',
        longPollTimeoutSeconds: 'must be a number from 1 to 3,600',
      },
    });
  });
});
