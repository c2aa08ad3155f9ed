import { describe, expect, it } from 'vitest';
import { chooseTransport, type ChooserAnswers } from '../../src/data/chooser.ts';

describe('transport chooser', () => {
  it.each<[string, ChooserAnswers, string]>([
    ['a chat', { direction: 'both-ways', frequency: 'constant', restrictiveNetwork: false, freshness: 'can-wait' }, 'websockets'],
    [
      'a multiplayer game lobby',
      { direction: 'both-ways', frequency: 'regular', restrictiveNetwork: false, freshness: 'can-wait' },
      'websockets',
    ],
    ['a stock ticker', { direction: 'server-to-client', frequency: 'constant', restrictiveNetwork: false, freshness: 'can-wait' }, 'sse'],
    [
      'a build-status dashboard',
      { direction: 'server-to-client', frequency: 'regular', restrictiveNetwork: false, freshness: 'can-wait' },
      'sse',
    ],
    [
      'a daily report',
      { direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: false, freshness: 'can-wait' },
      'short-polling',
    ],
    [
      'a daily report behind an old proxy',
      { direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: true, freshness: 'can-wait' },
      'short-polling',
    ],
    [
      'chat where upgrades are blocked',
      { direction: 'both-ways', frequency: 'constant', restrictiveNetwork: true, freshness: 'can-wait' },
      'long-polling',
    ],
    [
      'a rare fraud alert that must be seen at once',
      { direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: false, freshness: 'at-once' },
      'sse',
    ],
    [
      'a rare "your driver is here" in a two-way app',
      { direction: 'both-ways', frequency: 'rare', restrictiveNetwork: false, freshness: 'at-once' },
      'websockets',
    ],
    [
      'a rare urgent alert behind an old proxy',
      { direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: true, freshness: 'at-once' },
      'long-polling',
    ],
    [
      'notifications where streams are buffered',
      { direction: 'server-to-client', frequency: 'regular', restrictiveNetwork: true, freshness: 'can-wait' },
      'long-polling',
    ],
  ])('recommends for %s', (_, answers, transport) => {
    const recommendation = chooseTransport(answers);
    expect(recommendation.transport).toBe(transport);
    expect(recommendation.reasons.length).toBeGreaterThanOrEqual(3);
  });

  it('says why a rare update still needs a push when it must be seen at once', () => {
    const urgent = chooseTransport({ direction: 'server-to-client', frequency: 'rare', restrictiveNetwork: false, freshness: 'at-once' });
    expect(urgent.reasons[0]).toBe(
      'Updates are rare but must be seen at once: polling often enough would mean thousands of empty requests per update.',
    );
    const relaxed = chooseTransport({
      direction: 'server-to-client',
      frequency: 'regular',
      restrictiveNetwork: false,
      freshness: 'at-once',
    });
    expect(relaxed.reasons).toHaveLength(3);
  });
});
