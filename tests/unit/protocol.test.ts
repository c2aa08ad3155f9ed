import { describe, expect, it } from 'vitest';
import { MAX_CHAT_NAME_LENGTH, MAX_CHAT_TEXT_LENGTH } from '../../src/lib/realtime/chat-room.ts';
import { RACE_TOPIC as SERVER_RACE_TOPIC } from '../../src/lib/realtime/feeds/races.ts';
import { LIMITS, PATHS, PUBLISHABLE_TOPICS, RACE_TOPIC, ROOM_PATTERN, TOPICS, TRANSPORT_IDS } from '../../src/lib/realtime/protocol.ts';
import {
  MAX_NOTIFICATION_LENGTH,
  PUBLISHABLE_TOPICS as SERVER_PUBLISHABLE,
  TOPICS as SERVER_TOPICS,
} from '../../src/lib/realtime/schemas.ts';
import { DEFAULT_LONG_POLL_TIMEOUT_S, MAX_LONG_POLL_TIMEOUT_S } from '../../src/lib/realtime/transports/poll-params.ts';
import { MAX_MESSAGE_BYTES } from '../../src/lib/realtime/transports/ws-messages.ts';
import { TRANSPORTS } from '../../src/data/comparison.ts';

// Until the server reads its values from protocol.ts, this keeps the two from drifting apart.
describe('the shared protocol module', () => {
  it('names the same topics, publishable topics and race pattern as the server', () => {
    expect(TOPICS).toEqual(SERVER_TOPICS);
    expect(PUBLISHABLE_TOPICS).toEqual(SERVER_PUBLISHABLE);
    expect(RACE_TOPIC.source).toBe(SERVER_RACE_TOPIC.source);
    expect(ROOM_PATTERN.test('lobby-2')).toBe(true);
    expect(ROOM_PATTERN.test('Lobby')).toBe(false);
    expect(ROOM_PATTERN.test('a'.repeat(33))).toBe(false);
  });

  it('has the server limits', () => {
    expect(LIMITS).toEqual({
      notificationLength: MAX_NOTIFICATION_LENGTH,
      chatTextLength: MAX_CHAT_TEXT_LENGTH,
      chatNameLength: MAX_CHAT_NAME_LENGTH,
      defaultLongPollTimeoutS: DEFAULT_LONG_POLL_TIMEOUT_S,
      maxLongPollTimeoutS: MAX_LONG_POLL_TIMEOUT_S,
      maxWebSocketMessageBytes: MAX_MESSAGE_BYTES,
    });
  });

  it('lists the transports in the order the tables use', () => {
    expect(TRANSPORT_IDS).toEqual(TRANSPORTS);
  });

  it('keeps every path under /api/', () => {
    for (const path of Object.values(PATHS)) expect(path).toMatch(/^\/api\/[a-z/-]+$/);
  });
});
