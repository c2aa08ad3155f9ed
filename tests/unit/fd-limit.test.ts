import { describe, expect, it } from 'vitest';
import { defaultConnectionCap, parseOpenFilesLimit } from '../../src/lib/realtime/limits/fd-limit.ts';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95185                95185                processes
Max open files            20000                1048576              files
Max locked memory         8388608              8388608              bytes
`;

describe('file-descriptor limit', () => {
  it('reads the soft open-files limit from /proc/self/limits text', () => {
    expect(parseOpenFilesLimit(LIMITS)).toBe(20_000);
    expect(parseOpenFilesLimit(LIMITS.replace('20000 ', 'unlimited '))).toBeUndefined();
    expect(parseOpenFilesLimit('nothing here')).toBeUndefined();
  });

  it('splits what is left after a reserve between the three long-lived transports, at least 16 each', () => {
    expect(defaultConnectionCap(20_000)).toBe(6581);
    expect(defaultConnectionCap(1024)).toBe(256);
    expect(defaultConnectionCap(256)).toBe(16);
  });
});
