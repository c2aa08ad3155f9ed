import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, stats } from '../../support/clients.ts';
import { RSS_MARGIN, rssMiB, rssRatioAfterIdle } from '../../support/process-memory.ts';
import { startBuiltServer, type RunningServer } from '../../support/server.ts';
import { RecordingWebSocket } from '../../support/ws-client.ts';

/** The largest payload a control frame may carry (RFC 6455 §5.5). */
const PING = Buffer.alloc(125, 'p');

describe('abuse: WebSocket ping floods', () => {
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    server = await startBuiltServer({ TICKER_INTERVAL_MS: '100' });
    base = server.url;
  });
  afterAll(() => server?.stop());

  it('answers every ping of a client that waits for its pongs', async () => {
    const client = await RecordingWebSocket.open(base);
    let pongs = 0;
    client.socket.on('pong', () => (pongs += 1));
    for (let batch = 1; batch <= 50; batch++) {
      for (let i = 0; i < 20; i++) client.socket.ping(PING);
      await eventually(() => pongs === batch * 20, 5000, `the pongs of batch ${batch}`);
    }
    expect(client.closed).toBeUndefined();
    client.close();
    await eventually(async () => (await stats(base)).webSockets === 0, 5000, 'the socket released');
  });

  it('cuts clients that flood pings faster than their pongs drain, while a bystander keeps its feed', async () => {
    const baseline = rssMiB(server.process.pid!);
    const bystander = await RecordingWebSocket.open(base);
    await bystander.subscribe('ticker');
    const flooders = await Promise.all(Array.from({ length: 10 }, () => RecordingWebSocket.open(base)));
    // 10 × 2,000 pings written at once: the server's `ws` stops answering a peer with too many pongs pending and terminates it.
    for (const flooder of flooders) for (let i = 0; i < 2000; i++) flooder.socket.ping(PING);
    const closes = await Promise.all(flooders.map((flooder) => flooder.closedWith(10_000)));
    expect(closes.map((close) => close.code)).toEqual(Array(10).fill(1006));
    const seen = bystander.events('ticker').length;
    await bystander.until((c) => c.events('ticker').length >= seen + 3, 'more ticker events for the bystander');
    bystander.send({ type: 'ping', id: 'still-there' });
    await bystander.until((c) => c.ofType('pong').length === 1, 'the bystander’s pong');
    expect((await fetch(`${base}/api/time`)).status).toBe(200);
    bystander.close();
    await eventually(
      async () => {
        const now = await stats(base);
        return now.webSockets === 0 && (now.subscribers.ticker ?? 0) === 0;
      },
      5000,
      'every socket released',
    );
    expect(await rssRatioAfterIdle(server.process.pid!, baseline, '10 × 2,000 pings at once')).toBeLessThanOrEqual(RSS_MARGIN);
  });
});
