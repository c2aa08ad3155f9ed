import { describeRealtimeServer } from './realtime-suite.ts';
import { startBuiltServer } from '../support/server.ts';

describeRealtimeServer('built server (node src/server/main.ts)', () => startBuiltServer({ SSE_RETRY_MS: '100' }));
