import { CONFORMANCE_ENV, describeTransport } from './transport-conformance.ts';
import { startBuiltServer } from '../support/server.ts';
import { TRANSPORT_DRIVERS } from '../support/transport-drivers.ts';

for (const driver of TRANSPORT_DRIVERS) {
  describeTransport('built server', driver, () => startBuiltServer(CONFORMANCE_ENV), { cycles: 1000, streamBackpressure: true });
}
