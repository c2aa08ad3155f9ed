import { CONFORMANCE_ENV, describeTransport } from './transport-conformance.ts';
import { startDevServer } from '../support/server.ts';
import { TRANSPORT_DRIVERS } from '../support/transport-drivers.ts';

for (const driver of TRANSPORT_DRIVERS) {
  describeTransport('dev server (astro dev)', driver, () => startDevServer(CONFORMANCE_ENV), { cycles: 1000, streamBackpressure: false });
}
