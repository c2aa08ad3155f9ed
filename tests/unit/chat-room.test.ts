import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { ChatRooms, DEFAULT_ROOM, chatTopic, roomOf } from '../../src/lib/realtime/chat-room.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';

function makeRooms(maxRooms = 3, roomsPerAddress = 5) {
  const hub = new Hub(new MemoryBus({ epoch: 'ep' }));
  return { hub, rooms: new ChatRooms(hub, { maxRooms, roomsPerAddress, lingerMs: 1000 }) };
}

function hold(admission: ReturnType<ChatRooms['admit']>): () => void {
  if (!admission.ok) throw new Error(admission.error);
  return admission.release;
}

describe('chat rooms', () => {
  it('maps rooms to topics and back', () => {
    expect(chatTopic('lobby')).toBe('chat:lobby');
    expect(roomOf('chat:lobby')).toBe('lobby');
    expect(roomOf('ticker')).toBeUndefined();
    expect(roomOf('chat:Nope')).toBeUndefined();
  });

  it('publishes messages, joins and leaves as events of the room topic, with ids in order', async () => {
    const { hub, rooms } = makeRooms();
    const joinAda = await rooms.join('lobby', 'c1', 'Ada');
    const joinBo = await rooms.join('lobby', 'c2', 'Bo');
    const said = await rooms.say('lobby', 'Ada', 'hello');
    const left = (await rooms.leave('lobby', 'c1', 'disconnected'))!;
    expect([joinAda, joinBo, said, left].map(({ id, topic, type, data }) => ({ id, topic, type, data }))).toEqual([
      { id: 'ep-1', topic: 'chat:lobby', type: 'join', data: { name: 'Ada', members: 1 } },
      { id: 'ep-2', topic: 'chat:lobby', type: 'join', data: { name: 'Bo', members: 2 } },
      { id: 'ep-3', topic: 'chat:lobby', type: 'message', data: { name: 'Ada', text: 'hello' } },
      { id: 'ep-4', topic: 'chat:lobby', type: 'leave', data: { name: 'Ada', members: 1, reason: 'disconnected' } },
    ]);
    expect((await hub.read('chat:lobby', 'ep-2')).events.map((event) => event.id)).toEqual(['ep-3', 'ep-4']);
  });

  it('announces nothing when a connection that never joined leaves', async () => {
    const { rooms } = makeRooms();
    expect(rooms.leave('lobby', 'c9', 'left')).toBeUndefined();
    await rooms.join('lobby', 'c1', 'Ada');
    await rooms.leave('lobby', 'c1', 'left');
    expect(rooms.leave('lobby', 'c1', 'left')).toBeUndefined();
    expect(rooms.memberCount('lobby')).toBe(0);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits at most maxRooms distinct rooms, and existing ones always', () => {
    const { rooms } = makeRooms(2);
    hold(rooms.admit('a', 'x'));
    hold(rooms.admit('b', 'y'));
    expect(rooms.admit('c', 'z')).toEqual({
      ok: false,
      error: 'room: this server already holds 2 rooms; join an existing one such as lobby',
    });
    expect(rooms.admit('a', 'z').ok).toBe(true);
  });

  it('always admits the default room, even when every other slot is taken', () => {
    const { rooms } = makeRooms(1);
    hold(rooms.admit('full', 'x'));
    expect(rooms.admit(DEFAULT_ROOM, 'y').ok).toBe(true);
    expect(rooms.roomCount).toBe(2);
  });

  it('frees an empty room once its linger time has passed, forgetting its log, so the slot is usable again', async () => {
    vi.useFakeTimers();
    const { hub, rooms } = makeRooms(1);
    const release = hold(rooms.admit('gone', 'x'));
    await rooms.join('gone', 'c1', 'Ada');
    release();
    vi.advanceTimersByTime(999);
    expect(rooms.admit('other', 'y').ok).toBe(false);
    vi.advanceTimersByTime(1);
    expect(rooms.roomCount).toBe(0);
    await vi.waitFor(async () => expect(await hub.head('chat:gone')).toMatch(/-0$/));
    expect(rooms.admit('other', 'y').ok).toBe(true);
  });

  it('keeps an empty room that someone re-enters before the linger time ends', () => {
    vi.useFakeTimers();
    const { rooms } = makeRooms(1);
    hold(rooms.admit('kept', 'x'))();
    vi.advanceTimersByTime(500);
    const again = hold(rooms.admit('kept', 'y'));
    vi.advanceTimersByTime(5000);
    expect(rooms.roomCount).toBe(1);
    again();
  });

  it('never frees the default room', () => {
    vi.useFakeTimers();
    const { rooms } = makeRooms(1);
    hold(rooms.admit(DEFAULT_ROOM, 'x'))();
    vi.advanceTimersByTime(60_000);
    expect(rooms.roomCount).toBe(1);
  });

  it('caps the rooms one address has created that still exist, and counts a freed room back', () => {
    vi.useFakeTimers();
    const { rooms } = makeRooms(100, 2);
    const first = hold(rooms.admit('r1', 'x'));
    hold(rooms.admit('r2', 'x'));
    expect(rooms.admit('r3', 'x')).toEqual({
      ok: false,
      error: 'room: you already created 2 rooms that are still open; an empty room closes 1 s after its last member leaves',
    });
    // Joining rooms someone else created is not creating.
    hold(rooms.admit('theirs', 'y'));
    expect(rooms.admit('theirs', 'x').ok).toBe(true);
    first();
    vi.advanceTimersByTime(1000);
    expect(rooms.admit('r3', 'x').ok).toBe(true);
  });

  it('knows the name a connection joined with, and forgets it when it leaves', async () => {
    const { rooms } = makeRooms();
    await rooms.join('lobby', 'c1', 'Ada');
    expect(rooms.nameOf('lobby', 'c1')).toBe('Ada');
    expect(rooms.nameOf('lobby', 'c2')).toBeUndefined();
    await rooms.leave('lobby', 'c1', 'left');
    expect(rooms.nameOf('lobby', 'c1')).toBeUndefined();
  });
});
