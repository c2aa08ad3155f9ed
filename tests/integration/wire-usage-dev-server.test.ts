import { describeWireUsage } from './wire-usage-suite.ts';
import { startDevServer } from '../support/server.ts';

describeWireUsage('bytes on the wire, dev server (astro dev)', () => startDevServer());
