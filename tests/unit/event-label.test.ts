import { describe, expect, it } from 'vitest';
import { eventLabel } from '../../src/client/event-label.ts';

describe('event label', () => {
  it('reads a cursor as its number in the topic', () => {
    expect(eventLabel('lx2k9q1ab-42')).toBe('event 42');
    expect(eventLabel('a-0')).toBe('event 0');
  });

  it('shows anything that is not a cursor as it is', () => {
    expect(eventLabel('hello')).toBe('hello');
    expect(eventLabel('ABC-1')).toBe('ABC-1');
  });
});
