/** Ready-made situations for the calculator, the three an interviewer tends to ask about. */
import { MEASURED_HEADER_BYTES, type ScaleInputs } from './calculator.ts';

/** One preset: a button label and the inputs it fills in. */
export interface ScalePreset {
  id: string;
  label: string;
  /** One sentence for the reader: the situation the numbers describe. */
  situation: string;
  inputs: ScaleInputs;
}

/** The presets in the order the calculator shows them. */
export const SCALE_PRESETS: readonly ScalePreset[] = [
  {
    id: 'notifications',
    label: 'Notifications for 1M users',
    situation: 'A million people online, a notification every two minutes each, fine to arrive a few seconds late.',
    // A notification every few minutes, fine to arrive a few seconds late.
    inputs: {
      users: 1_000_000,
      eventsPerUserPerMinute: 0.5,
      pollIntervalSeconds: 10,
      longPollTimeoutSeconds: 30,
      payloadBytes: 300,
      headerBytes: MEASURED_HEADER_BYTES,
    },
  },
  {
    id: 'chat',
    label: 'Chat',
    situation: '100,000 people in chat rooms, each seeing a message every two seconds, expected within a second.',
    // 100,000 people in rooms; a message every couple of seconds, expected within a second.
    inputs: {
      users: 100_000,
      eventsPerUserPerMinute: 30,
      pollIntervalSeconds: 1,
      longPollTimeoutSeconds: 30,
      payloadBytes: 200,
      headerBytes: MEASURED_HEADER_BYTES,
    },
  },
  {
    id: 'ticker',
    label: 'Ticker',
    situation: '200,000 people watching a price feed that changes ten times a second.',
    // 200,000 watchers of a price feed with ten updates a second each.
    inputs: {
      users: 200_000,
      eventsPerUserPerMinute: 600,
      pollIntervalSeconds: 1,
      longPollTimeoutSeconds: 30,
      payloadBytes: 150,
      headerBytes: MEASURED_HEADER_BYTES,
    },
  },
];
