import { z } from 'zod';
import type { RealtimeEvent } from './event.ts';
import { MemoryPresence, type Presence } from './cluster/presence.ts';
import type { Hub } from './hub.ts';

/** Longest chat message, in characters. */
export const MAX_CHAT_TEXT_LENGTH = 500;
/** Longest name shown in a chat room, in characters. */
export const MAX_CHAT_NAME_LENGTH = 32;

const ROOM_PATTERN = /^[a-z0-9-]{1,32}$/;
const CHAT_TOPIC_PATTERN = /^chat:([a-z0-9-]{1,32})$/;
// Control characters would let a name or message fake line breaks or terminal escapes in logs.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const roomSchema = z
  .string({ error: 'must be a string' })
  .regex(ROOM_PATTERN, { error: 'must be 1 to 32 characters of a-z, 0-9 and -' });

export const chatNameSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_CHAT_NAME_LENGTH, { error: `must be at most ${MAX_CHAT_NAME_LENGTH} characters` })
  .refine((name) => !CONTROL_CHARACTERS.test(name), { error: 'must not contain control characters' });

export const chatTextSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_CHAT_TEXT_LENGTH, { error: `must be at most ${MAX_CHAT_TEXT_LENGTH} characters` })
  // Newlines are fine in a message; other control characters are not.
  .refine((text) => !CONTROL_CHARACTERS.test(text.replace(/\n/g, '')), { error: 'must not contain control characters' });

/** The hub topic of a room: `chat:<room>`. */
export function chatTopic(room: string): string {
  return `chat:${room}`;
}

/** The room of a chat topic, or undefined for any other topic. */
export function roomOf(topic: string): string | undefined {
  return CHAT_TOPIC_PATTERN.exec(topic)?.[1];
}

/** What a chat event carries: a message, or someone joining or leaving (with the room's head count after it). */
export type ChatEventData =
  | { name: string; text: string }
  | { name: string; members: number; reason?: 'left' | 'disconnected' };

/** Options for the chat rooms of one process. */
export interface ChatRoomsOptions {
  /** Distinct rooms this process accepts; every room keeps a replay log, so this bounds memory. */
  maxRooms: number;
  /** Head counts over every instance. Default: this process only. */
  presence?: Presence;
}

/**
 * Chat rooms on top of the hub: a room is the topic `chat:<room>`, so its messages get ids,
 * replay and resume like every other event. This class adds only what the hub does not know:
 * who is in a room (counted over every instance through its Presence), and a cap on how many rooms exist.
 */
export class ChatRooms {
  readonly #hub: Hub;
  readonly #maxRooms: number;
  readonly #presence: Presence;
  readonly #rooms = new Set<string>();
  /** room → connection id → name. */
  readonly #members = new Map<string, Map<string, string>>();

  constructor(hub: Hub, options: ChatRoomsOptions) {
    this.#hub = hub;
    this.#maxRooms = options.maxRooms;
    this.#presence = options.presence ?? new MemoryPresence();
  }

  /** True when the room exists or there is still space for it (and it now exists). */
  admit(room: string): boolean {
    if (this.#rooms.has(room)) return true;
    if (this.#rooms.size >= this.#maxRooms) return false;
    this.#rooms.add(room);
    return true;
  }

  /** The error a client gets when admit() said no. */
  get fullMessage(): string {
    return `room: this server already holds ${this.#maxRooms} rooms; join an existing one`;
  }

  /** Publishes a message to a room (admit() it first). */
  say(room: string, name: string, text: string): Promise<RealtimeEvent> {
    return this.#hub.publish(chatTopic(room), 'message', { name, text } satisfies ChatEventData);
  }

  /** Records `connection` as `name` in the room and announces it; a second join of the same connection only renames. */
  async join(room: string, connection: string, name: string): Promise<RealtimeEvent> {
    const members = this.#membersOf(room);
    members.set(connection, name);
    const count = await this.#presence.join(room, connection).catch(() => members.size);
    return this.#hub.publish(chatTopic(room), 'join', { name, members: count } satisfies ChatEventData);
  }

  /** Removes `connection` from the room and announces it; nothing when it was not there. */
  leave(room: string, connection: string, reason: 'left' | 'disconnected'): Promise<RealtimeEvent> | undefined {
    const members = this.#members.get(room);
    const name = members?.get(connection);
    if (!members || name === undefined) return undefined;
    members.delete(connection);
    if (members.size === 0) this.#members.delete(room);
    // The count over every instance; this instance's own when the backplane cannot tell.
    return this.#presence
      .leave(room, connection)
      .catch(() => members.size)
      .then((count) => this.#hub.publish(chatTopic(room), 'leave', { name, members: count, reason } satisfies ChatEventData));
  }

  #membersOf(room: string): Map<string, string> {
    let members = this.#members.get(room);
    if (!members) {
      members = new Map();
      this.#members.set(room, members);
    }
    return members;
  }

  /** People in a room, in this process. */
  memberCount(room: string): number {
    return this.#members.get(room)?.size ?? 0;
  }

  /** People in a room over every instance. */
  totalMembers(room: string): Promise<number> {
    return this.#presence.count(room);
  }

  /** Takes this process's members out of the shared presence (shutdown). */
  close(): Promise<void> {
    return this.#presence.close();
  }
}
