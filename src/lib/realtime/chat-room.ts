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
export type ChatEventData = { name: string; text: string } | { name: string; members: number; reason?: 'left' | 'disconnected' };

/** The room the page opens with; it always exists, so no one can lock readers out of it. */
export const DEFAULT_ROOM = 'lobby';

/** Options for the chat rooms of one process. */
export interface ChatRoomsOptions {
  /** Rooms this process keeps besides the default one; every room holds a replay log, so this bounds memory. */
  maxRooms: number;
  /** Rooms one address may have created that still exist. Default 5. */
  roomsPerAddress?: number;
  /** How long an empty room keeps its log for people who come back, in ms, before it is freed. Default 60 000. */
  lingerMs?: number;
  /** Head counts over every instance. Default: this process only. */
  presence?: Presence;
}

/** The answer to "may this connection be in this room?": a hold to give back when it leaves, or why not. */
export type RoomAdmission = { ok: true; release: () => void } | { ok: false; error: string };

interface Room {
  /** Connections subscribed to the room (members and silent watchers). */
  holders: number;
  /** The address that created it; undefined for the default room. */
  creator?: string;
  /** Set while the room is empty: frees it when it fires. */
  freeTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Chat rooms on top of the hub: a room is the topic `chat:<room>`, so its messages get ids,
 * replay and resume like every other event. This class adds only what the hub does not know:
 * who is in a room (head counts over every instance through its Presence), which rooms exist, and bounds on both. A room lives while
 * someone holds it; once empty it keeps its log for `lingerMs` (so a reconnecting client can
 * resume) and is then freed, topic and all. The default room is never freed and never refused.
 */
export class ChatRooms {
  readonly #hub: Hub;
  readonly #maxRooms: number;
  readonly #roomsPerAddress: number;
  readonly #lingerMs: number;
  readonly #presence: Presence;
  readonly #rooms = new Map<string, Room>();
  /** Address → rooms it created that still exist. */
  readonly #created = new Map<string, number>();
  /** room → connection id → name. */
  readonly #members = new Map<string, Map<string, string>>();

  constructor(hub: Hub, options: ChatRoomsOptions) {
    this.#hub = hub;
    this.#maxRooms = options.maxRooms;
    this.#roomsPerAddress = options.roomsPerAddress ?? 5;
    this.#lingerMs = options.lingerMs ?? 60_000;
    this.#presence = options.presence ?? new MemoryPresence();
  }

  /** Lets a connection from `address` into `room`, creating the room when there is space for it. */
  admit(room: string, address: string): RoomAdmission {
    let state = this.#rooms.get(room);
    if (!state) {
      const refusal = this.#refusalToCreate(room, address);
      if (refusal) return { ok: false, error: refusal };
      state = { holders: 0, creator: room === DEFAULT_ROOM ? undefined : address };
      this.#rooms.set(room, state);
      if (state.creator !== undefined) this.#created.set(address, (this.#created.get(address) ?? 0) + 1);
    }
    const held = state;
    held.holders += 1;
    clearTimeout(held.freeTimer);
    held.freeTimer = undefined;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders === 0 && held.creator !== undefined) {
        held.freeTimer = setTimeout(() => this.#free(room, held), this.#lingerMs);
        held.freeTimer.unref?.();
      }
    };
    return { ok: true, release };
  }

  #refusalToCreate(room: string, address: string): string | undefined {
    if (room === DEFAULT_ROOM) return undefined;
    if (this.#rooms.size - (this.#rooms.has(DEFAULT_ROOM) ? 1 : 0) >= this.#maxRooms) {
      return `room: this server already holds ${this.#maxRooms} rooms; join an existing one such as ${DEFAULT_ROOM}`;
    }
    if ((this.#created.get(address) ?? 0) >= this.#roomsPerAddress) {
      return `room: you already created ${this.#roomsPerAddress} rooms that are still open; an empty room closes ${Math.max(1, Math.ceil(this.#lingerMs / 1000))} s after its last member leaves`;
    }
    return undefined;
  }

  #free(room: string, state: Room): void {
    if (this.#rooms.get(room) !== state || state.holders > 0) return;
    this.#rooms.delete(room);
    const creator = state.creator!;
    const left = (this.#created.get(creator) ?? 1) - 1;
    if (left === 0) this.#created.delete(creator);
    else this.#created.set(creator, left);
    this.#hub.forget(chatTopic(room)).catch((error: unknown) => console.error(`could not forget ${chatTopic(room)}`, error));
  }

  /** Rooms that exist right now (the default room included once someone used it). */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Publishes a message to a room under `name`. */
  say(room: string, name: string, text: string): Promise<RealtimeEvent> {
    return this.#hub.publish(chatTopic(room), 'message', { name, text } satisfies ChatEventData);
  }

  /** Records `connection` as `name` in the room and announces it; a second join of the same connection only renames. */
  async join(room: string, connection: string, name: string): Promise<RealtimeEvent> {
    const members = this.#membersOf(room);
    members.set(connection, name);
    // The count over every instance; this instance's own when the backplane cannot tell.
    const count = await this.#presence.join(room, connection).catch(() => members.size);
    return this.#hub.publish(chatTopic(room), 'join', { name, members: count } satisfies ChatEventData);
  }

  /** The name `connection` joined `room` with, or undefined when it has not joined. */
  nameOf(room: string, connection: string): string | undefined {
    return this.#members.get(room)?.get(connection);
  }

  /** Removes `connection` from the room and announces it; nothing when it was not there. */
  leave(room: string, connection: string, reason: 'left' | 'disconnected'): Promise<RealtimeEvent> | undefined {
    const members = this.#members.get(room);
    const name = members?.get(connection);
    if (!members || name === undefined) return undefined;
    members.delete(connection);
    if (members.size === 0) this.#members.delete(room);
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

  /** Cancels the timers that would free empty rooms, and takes this process's members out of the shared presence (server shutdown). */
  close(): Promise<void> {
    for (const state of this.#rooms.values()) clearTimeout(state.freeTimer);
    return this.#presence.close();
  }
}
