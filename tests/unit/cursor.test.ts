import { describe, expect, it } from 'vitest';
import { formatCursor, parseCursor, seqOf } from '../../src/lib/realtime/cursor.ts';

describe('cursor', () => {
  it('writes epoch and sequence as <epoch>-<seq>', () => {
    expect(formatCursor({ epoch: 'lx2k9q', seq: 42 })).toBe('lx2k9q-42');
  });

  it('reads back what it wrote', () => {
    expect(parseCursor('lx2k9q-42')).toEqual({ epoch: 'lx2k9q', seq: 42 });
    expect(parseCursor('a-0')).toEqual({ epoch: 'a', seq: 0 });
  });

  it.each([
    '',
    '42',
    'abc',
    'abc-',
    '-1',
    'abc--1',
    'abc-01',
    'ABC-1',
    'abc-1 ',
    ' abc-1',
    'abc-1.5',
    'a'.repeat(17) + '-1',
    'abc-1234567890123456',
  ])('rejects %j', (text) => {
    expect(parseCursor(text)).toBeUndefined();
  });

  it('seqOf throws on something that is not a cursor', () => {
    expect(seqOf('e-7')).toBe(7);
    expect(() => seqOf('nope')).toThrow('not a cursor: "nope"');
  });
});
