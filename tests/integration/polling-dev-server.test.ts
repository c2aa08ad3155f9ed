import { describePollingServer, POLLING_ENV } from './polling-suite.ts';
import { startDevServer } from '../support/server.ts';

describePollingServer('polling on the dev server (astro dev)', () => startDevServer(POLLING_ENV));
