import { describePollingServer, POLLING_ENV } from './polling-suite.ts';
import { startBuiltServer } from '../support/server.ts';

describePollingServer('polling on the built server (node src/server/main.ts)', () => startBuiltServer(POLLING_ENV));
