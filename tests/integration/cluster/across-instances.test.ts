import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCluster, type Cluster } from '../../../src/server/cluster/cluster.ts';

// Three instances on one private Redis behind nginx, started the way `npm run cluster` starts them.
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 3, env: { TICKER_INTERVAL_MS: '0', PUBLISH_BURST: '100' } });
}, 90_000);
afterAll(async () => {
  await cluster?.stop();
}, 30_000);

type PollReply = { events: { id: string; data: { text: string } }[]; cursor?: string };

async function publish(baseUrl: string, text: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/publish`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ topic: 'notifications', text }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { event: { id: string } }).event?.id ?? '';
}

describe('a cluster of three instances behind nginx', () => {
  it('answers /api/health through nginx and on each instance with that instance id and a healthy Redis backplane', async () => {
    for (const instance of cluster.instances) {
      const response = await fetch(`${instance.url}/api/health`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-instance')).toBe(instance.id);
      expect(await response.json()).toMatchObject({ ok: true, instance: instance.id, backplane: { kind: 'redis', healthy: true } });
    }
    const viaProxy = await fetch(`${cluster.url}/api/health`);
    expect(viaProxy.status).toBe(200);
    expect(cluster.instances.map((instance) => instance.id)).toContain(viaProxy.headers.get('x-instance'));
  });

  it('lists every instance in /api/cluster from any of them', async () => {
    const deadline = Date.now() + 10_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      const view = (await (await fetch(`${cluster.instances[0]!.url}/api/cluster`)).json()) as { instances: { id: string }[] };
      ids = view.instances.map((report) => report.id);
      if (ids.length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ids).toEqual(['instance-1', 'instance-2', 'instance-3']);
  });

  it('refuses the drain demo when the runner did not turn it on', async () => {
    const response = await fetch(`${cluster.url}/api/cluster/drain`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instance: 'instance-2' }),
    });
    expect(response.status).toBe(404);
  });

  it('resumes on instance B from a cursor read on instance A: exactly the missed events', async () => {
    const [a, b] = cluster.instances as [Cluster['instances'][0], Cluster['instances'][0]];
    await publish(a.url, 'before');
    const read = (await (await fetch(`${a.url}/api/poll?topic=notifications`)).json()) as PollReply;
    const cursor = read.cursor ?? read.events.at(-1)!.id;
    for (const text of ['missed 1', 'missed 2', 'missed 3']) await publish(a.url, text);
    const resumed = (await (await fetch(`${b.url}/api/poll?topic=notifications&since=${cursor}`)).json()) as PollReply;
    expect(resumed.events.map((event) => event.data.text)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    const viaProxy = (await (await fetch(`${cluster.url}/api/poll?topic=notifications&since=${cursor}`)).json()) as PollReply;
    expect(viaProxy.events.map((event) => event.id)).toEqual(resumed.events.map((event) => event.id));
  });

  it('closes WebSockets with 1001 when an instance gets SIGTERM, and the hello named that instance', async () => {
    const target = cluster.instances[2]!;
    const socket = new WebSocket(`${target.url.replace('http', 'ws')}/api/ws`, { origin: target.url });
    const hello = await new Promise<{ instance: string }>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data)) as { instance: string }));
      socket.once('error', reject);
    });
    expect(hello.instance).toBe(target.id);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await target.kill('SIGTERM');
    expect(await closed).toBe(1001);
  }, 30_000);
});
