import { describeRealtimeServer } from './realtime-suite.ts';
import { startDevServer } from '../support/server.ts';

describeRealtimeServer('dev server (astro dev)', () => startDevServer({ SSE_RETRY_MS: '100' }), { cycles: 1000 });
