import { describe, expect, it } from 'vitest';
import { chooseTransport, type ChooserAnswers } from '../../src/data/chooser.ts';

describe('transport chooser', () => {
  it.each<[string, ChooserAnswers, string]>([
    ['a chat', { direction: 'both-ways', frequency: 'constant', restrictiveNetwork: false }, 'websockets'],
    ['a multiplayer game lobby', { direction: 'both-ways', frequency: 'regular', restrictiveNetwork: false }, 'websockets'],
    ['a stock ticker', { direction: 'server-to-client', frequency: 'constant', restrictiveNetwork: false }, 'sse'],
    ['a build-status dashboard', { direction: 'server-to-client', frequency: 'regular', restrictiveNetwork: false }, 'sse'],
    ['a daily report', { direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: false }, 'short-polling'],
    ['a daily report behind an old proxy', { direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: true }, 'short-polling'],
    ['chat where upgrades are blocked', { direction: 'both-ways', frequency: 'constant', restrictiveNetwork: true }, 'long-polling'],
    ['notifications where streams are buffered', { direction: 'server-to-client', frequency: 'regular', restrictiveNetwork: true }, 'long-polling'],
  ])('recommends for %s', (_, answers, transport) => {
    const recommendation = chooseTransport(answers);
    expect(recommendation.transport).toBe(transport);
    expect(recommendation.reasons).toHaveLength(3);
  });
});
