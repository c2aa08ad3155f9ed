import { describe, expect, it } from 'vitest';
import { SequenceCheck } from '../../src/client/sequence-check.ts';

describe('sequence check', () => {
  it('accepts consecutive ids', () => {
    const check = new SequenceCheck();
    expect(['e-4', 'e-5', 'e-6'].map((id) => check.observe(id).kind)).toEqual(['first', 'next', 'next']);
    expect([check.missed, check.repeated]).toEqual([0, 0]);
  });

  it('counts the events a gap skipped', () => {
    const check = new SequenceCheck();
    check.observe('e-1');
    expect(check.observe('e-4')).toEqual({ kind: 'gap', missed: 2 });
    expect(check.missed).toBe(2);
  });

  it('counts an id seen again, or older, as a repeat', () => {
    const check = new SequenceCheck();
    check.observe('e-1');
    check.observe('e-2');
    expect(check.observe('e-2')).toEqual({ kind: 'repeat' });
    expect(check.observe('e-1')).toEqual({ kind: 'repeat' });
    expect(check.repeated).toBe(2);
    expect(check.observe('e-3')).toEqual({ kind: 'next' });
  });

  it('after a reset, continues from the cursor the server gave without counting a gap', () => {
    const check = new SequenceCheck();
    check.observe('e-1');
    check.restartAt('e-40');
    expect(check.observe('e-41')).toEqual({ kind: 'next' });
    expect(check.missed).toBe(0);
  });

  it('starts over on a new epoch (a restarted server) and ignores what is not a cursor', () => {
    const check = new SequenceCheck();
    check.observe('a-9');
    expect(check.observe('b-1')).toEqual({ kind: 'first' });
    expect(check.observe('junk')).toEqual({ kind: 'foreign' });
  });
});
