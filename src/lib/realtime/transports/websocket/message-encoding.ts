import type { RealtimeEvent } from '../../event.ts';
import type { Payload } from '../outbox.ts';
import type { ServerMessage } from '../ws-messages.ts';

// One event reaches every subscriber as the same object, so its message is serialised and encoded
// to UTF-8 once, not once per socket; the entry goes when the event does.
const encodedEvents = new WeakMap<RealtimeEvent, Buffer>();

/** The wire text of a server message: events as UTF-8 bytes shared by every socket, the rest as a string. */
export function encodedMessage(message: ServerMessage): Payload {
  if (message.type !== 'event') return JSON.stringify(message);
  let bytes = encodedEvents.get(message.event);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(message));
    encodedEvents.set(message.event, bytes);
  }
  return bytes;
}
