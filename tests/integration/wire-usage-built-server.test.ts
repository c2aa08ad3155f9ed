import { describeWireUsage } from './wire-usage-suite.ts';
import { startBuiltServer } from '../support/server.ts';

describeWireUsage('bytes on the wire, built server (node src/server/main.ts)', () => startBuiltServer());
