import { describe, expect, it } from 'vitest';
import { MAX_TOKENS, tokensFor } from '../../src/lib/realtime/stream/token-text.ts';

describe('the streamed reply text', () => {
  it('is the same for the same prompt and differs between prompts', () => {
    expect(tokensFor('What is SSE?', 30)).toEqual(tokensFor('What is SSE?', 30));
    expect(tokensFor('What is SSE?', 30)).not.toEqual(tokensFor('Why WebSockets?', 30));
  });

  it('has exactly the tokens asked for, each after the first with one leading space', () => {
    for (const count of [1, 7, MAX_TOKENS]) {
      const tokens = tokensFor('a prompt', count);
      expect(tokens).toHaveLength(count);
      expect(tokens[0]).not.toMatch(/^\s/);
      for (const token of tokens.slice(1)) expect(token).toMatch(/^ \S+$/);
    }
  });

  it('quotes the first six words of the prompt', () => {
    expect(tokensFor('one two three four five six seven', 20).join('')).toContain('“one two three four five six”:');
  });
});
