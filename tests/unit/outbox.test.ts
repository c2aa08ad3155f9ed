import { describe, expect, it } from 'vitest';
import { newOutboxStats, sendBounded, type Payload } from '../../src/lib/realtime/transports/outbox.ts';

/** An outbox target (mutable here) that also counts what happened to it. */
interface StalledConnection {
  writable: boolean;
  bufferedBytes: number;
  written: number;
  overflowed: number;
  write(payload: Payload): void;
  overflow(): void;
}

/** A connection whose reader reads nothing: every byte written stays buffered. */
function stalledConnection(): StalledConnection {
  return {
    writable: true,
    bufferedBytes: 0,
    written: 0,
    overflowed: 0,
    write(payload) {
      const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      this.bufferedBytes += bytes;
      this.written += 1;
    },
    overflow() {
      this.overflowed += 1;
      this.writable = false;
    },
  };
}

const CAP = 1000;
const message = (bytes: number) => Buffer.alloc(bytes, 'x');

describe('the bounded outbox', () => {
  it('skips droppable messages once the next would pass half the cap, and never closes for them', () => {
    const target = stalledConnection();
    const stats = newOutboxStats();
    const results = Array.from({ length: 10 }, () => sendBounded(target, message(120), 'droppable', CAP, stats));
    // 4 × 120 = 480 fit under 500; the fifth would make 600.
    expect(results).toEqual([...Array(4).fill('sent'), ...Array(6).fill('dropped')]);
    expect([target.bufferedBytes, stats.droppedMessages, stats.slowReadersClosed, target.overflowed]).toEqual([480, 6, 0, 0]);
    expect(stats.peakBufferedBytes).toBe(480);
  });

  it('keeps every reliable message up to the whole cap, then ends the connection rather than skip one', () => {
    const target = stalledConnection();
    const stats = newOutboxStats();
    const results = Array.from({ length: 10 }, () => sendBounded(target, message(300), 'reliable', CAP, stats));
    // 3 × 300 = 900 fit under 1000; the fourth overflows and the connection is ended; nothing more is sent.
    expect(results).toEqual(['sent', 'sent', 'sent', 'closed', ...Array(6).fill('closed')]);
    expect([target.bufferedBytes, target.overflowed, stats.slowReadersClosed, stats.droppedMessages]).toEqual([900, 1, 1, 0]);
  });

  it('counts text by its UTF-8 bytes, not its length', () => {
    const target = stalledConnection();
    const stats = newOutboxStats();
    // 100 × '€' is 100 UTF-16 units but 300 bytes: a second one would make 600, past half the cap.
    expect(sendBounded(target, '€'.repeat(100), 'droppable', CAP, stats)).toBe('sent');
    expect(sendBounded(target, '€'.repeat(100), 'droppable', CAP, stats)).toBe('dropped');
    expect(target.bufferedBytes).toBe(300);
  });
});
