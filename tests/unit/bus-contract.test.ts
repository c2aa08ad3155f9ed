import { MemoryBus } from '../../src/lib/realtime/bus/memory-bus.ts';
import { describeBus } from '../support/bus-contract.ts';
import { SlowReadBus } from '../support/slow-bus.ts';

describeBus('memory', { create: async ({ replayLimit }) => new MemoryBus({ replayLimit }) });

describeBus('memory with reads that take 3 ms', {
  create: async ({ replayLimit }) => new SlowReadBus(new MemoryBus({ replayLimit }), 3),
});
