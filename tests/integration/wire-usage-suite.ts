import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUsage } from '../../src/lib/realtime/usage/usage-store.ts';
import { eventually, publish, stats } from '../support/clients.ts';
import { headCursor } from '../support/polling-clients.ts';
import { RawHttpClient, type RawResponse } from '../support/raw-http.ts';
import type { RunningServer } from '../support/server.ts';

/**
 * The server's byte accounting against the truth: a raw socket client writes known requests and
 * keeps every byte it reads back; /api/usage must report exactly those numbers.
 */
export function describeWireUsage(name: string, start: () => Promise<RunningServer>): void {
  describe(name, () => {
    let server: RunningServer;
    let base = '';
    let host = '';
    beforeAll(async () => {
      server = await start();
      base = server.url;
      host = new URL(base).host;
    });
    afterAll(async () => {
      await server?.stop();
    });

    const usage = async (session: string): Promise<SessionUsage> =>
      (await (await fetch(`${base}/api/usage?session=${session}`)).json()) as SessionUsage;

    it('reports zeros for a session it has not seen', async () => {
      const session = randomUUID();
      expect(await usage(session)).toEqual({ session, requests: 0, received: 0, sent: 0, open: 0, routes: {} });
    });

    it('counts exactly the bytes a client sent and received, over several requests on one connection', async () => {
      const session = randomUUID();
      const client = new RawHttpClient(base);
      const since = await headCursor(base, 'notifications');
      const event = await publish(base, 'counted');
      const requests = [
        RawHttpClient.get(`/api/poll?topic=notifications&since=${since}&session=${session}`, host, { 'User-Agent': 'wire-usage-test/1.0' }),
        RawHttpClient.get(`/api/poll?topic=notifications&since=${event.id}&session=${session}`, host),
        // Not this session's: on the same connection, but never counted for it.
        RawHttpClient.get('/api/time', host),
        RawHttpClient.get(`/api/long-poll?topic=notifications&since=${event.id}&timeout=1&session=${session}`, host),
      ];
      const replies: RawResponse[] = [];
      for (const request of requests) replies.push(await client.exchange(request));
      client.close();
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 204]);
      expect(JSON.parse(replies[0]!.body)).toEqual({ events: [event], cursor: event.id });

      const counted = [0, 1, 3];
      const received = counted.reduce((sum, i) => sum + requests[i]!.length, 0);
      const sent = counted.reduce((sum, i) => sum + replies[i]!.wire.length, 0);
      expect(await usage(session)).toEqual({
        session,
        requests: 3,
        received,
        sent,
        open: 0,
        routes: {
          '/api/poll': {
            requests: 2,
            received: requests[0]!.length + requests[1]!.length,
            sent: replies[0]!.wire.length + replies[1]!.wire.length,
          },
          '/api/long-poll': { requests: 1, received: requests[3]!.length, sent: replies[3]!.wire.length },
        },
      });
    });

    it('counts a held long poll while it waits, and its request bytes after the client walks away', async () => {
      const session = randomUUID();
      const client = new RawHttpClient(base);
      const request = RawHttpClient.get(`/api/long-poll?topic=notifications&timeout=30&session=${session}`, host);
      const before = (await stats(base)).longPolls;
      client.send(request);
      await eventually(async () => (await stats(base)).longPolls === before + 1, 5000, 'the long poll to be held');
      expect(await usage(session)).toMatchObject({ requests: 1, received: request.length, sent: 0, open: 1 });
      client.close();
      await eventually(async () => (await usage(session)).open === 0, 5000, 'the aborted long poll to be counted');
      expect(await usage(session)).toMatchObject({ requests: 1, received: request.length, sent: 0, open: 0 });
    });

    it('counts a request body byte for byte', async () => {
      const session = randomUUID();
      const client = new RawHttpClient(base);
      const body = JSON.stringify({ topic: 'notifications', text: 'measured body' });
      const request =
        `POST /api/publish?session=${session} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const reply = await client.exchange(request);
      client.close();
      expect(reply.status).toBe(201);
      expect(await usage(session)).toMatchObject({ requests: 1, received: request.length, sent: reply.wire.length });
    });
  });
}
