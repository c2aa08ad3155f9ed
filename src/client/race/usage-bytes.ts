import { UsageMeter } from '../usage-meter.ts';
import type { LaneCounters } from './lane.ts';

/** Keeps a lane's byte count equal to what the server measured for its session, refreshed every second. */
export function meterLane(session: string, counters: LaneCounters): UsageMeter {
  const meter = new UsageMeter(session, (usage) => {
    counters.bytes = usage.sent + usage.received;
  });
  meter.start(1000);
  return meter;
}
