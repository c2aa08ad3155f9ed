import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { ChatRooms, chatTopic, roomOf } from '../../src/lib/realtime/chat-room.ts';
import { Hub } from '../../src/lib/realtime/hub.ts';

function makeRooms(maxRooms = 3) {
  const hub = new Hub(new MemoryBus({ epoch: 'ep' }));
  return { hub, rooms: new ChatRooms(hub, { maxRooms }) };
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

  it('admits at most maxRooms distinct rooms, and existing ones always', () => {
    const { rooms } = makeRooms(2);
    expect(rooms.admit('a')).toBe(true);
    expect(rooms.admit('b')).toBe(true);
    expect(rooms.admit('c')).toBe(false);
    expect(rooms.admit('a')).toBe(true);
    expect(rooms.fullMessage).toBe('room: this server already holds 2 rooms; join an existing one');
  });
});
