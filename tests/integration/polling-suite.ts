import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/lib/realtime/event.ts';
import { eventually, publish, stats } from '../support/clients.ts';
import { getPoll, headCursor } from '../support/polling-clients.ts';
import type { RunningServer } from '../support/server.ts';

/** Settings the polling suite needs from the server it starts. */
export const POLLING_ENV = { LONG_POLL_MAX_PER_IP: '4' };

/**
 * Short and long polling against a running server (delivery, resume, release and caps are in the
 * transport conformance suite): answers without and with a cursor, resets, the
 * long poll's timeout and release, parameter checks and the per-IP hold cap.
 */
export function describePollingServer(name: string, start: () => Promise<RunningServer>): void {
  describe(name, () => {
    let server: RunningServer;
    let base = '';
    beforeAll(async () => {
      server = await start();
      base = server.url;
    });
    afterAll(async () => {
      await server?.stop();
    });

    /** Waits until the server holds `count` long polls. */
    const heldLongPolls = (count: number) =>
      eventually(async () => (await stats(base)).longPolls === count, 5000, `${count} held long polls`);

    describe('short poll', () => {
      it('answers without `since` with the head cursor and no backlog', async () => {
        const last = await publish(base, 'already there');
        const { status, body } = await getPoll(base, '/api/poll?topic=notifications');
        expect(status).toBe(200);
        expect(body).toEqual({ events: [], cursor: last.id });
      });

      it('answers at once with the events after the cursor, or none', async () => {
        const head = await headCursor(base, 'notifications');
        const sent = [await publish(base, 'a'), await publish(base, 'b')];
        expect((await getPoll(base, `/api/poll?topic=notifications&since=${head}`)).body).toEqual({ events: sent, cursor: sent[1]!.id });
        expect((await getPoll(base, `/api/poll?topic=notifications&since=${sent[1]!.id}`)).body).toEqual({
          events: [],
          cursor: sent[1]!.id,
        });
      });

      it('sets `reset` with the head for a cursor from another run, never a silent gap', async () => {
        const head = await headCursor(base, 'notifications');
        expect((await getPoll(base, '/api/poll?topic=notifications&since=zzz-5')).body).toEqual({
          events: [],
          cursor: head,
          reset: { topic: 'notifications', reason: 'unknown', cursor: head },
        });
      });

      it('sets `reset` for a cursor older than the replay log', async () => {
        const old = await headCursor(base, 'notifications');
        // The replay log keeps 1000 events; 1001 more push the one after `old` out.
        let last: RealtimeEvent | undefined;
        for (let i = 0; i < 1001; i++) last = await publish(base, `filler ${i}`);
        expect((await getPoll(base, `/api/poll?topic=notifications&since=${old}`)).body).toEqual({
          events: [],
          cursor: last!.id,
          reset: { topic: 'notifications', reason: 'too-old', cursor: last!.id },
        });
      });
    });

    describe('long poll', () => {
      it('answers 204 with no body when the timeout passes first', async () => {
        const head = await headCursor(base, 'notifications');
        const started = performance.now();
        const { status, raw } = await getPoll(base, `/api/long-poll?topic=notifications&since=${head}&timeout=1`);
        const held = performance.now() - started;
        expect(status).toBe(204);
        expect(raw).toBe('');
        expect(held).toBeGreaterThanOrEqual(990);
        expect(held).toBeLessThan(1500);
      });

      it('returns within 100 ms of a publish, with the published event', async () => {
        const head = await headCursor(base, 'notifications');
        const waiting = getPoll(base, `/api/long-poll?topic=notifications&since=${head}&timeout=10`).then((reply) => ({
          reply,
          at: Date.now(),
        }));
        await heldLongPolls(1);
        const event = await publish(base, 'wake up');
        const { reply, at } = await waiting;
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({ events: [event], cursor: event.id });
        // Same machine, same clock: the event's server timestamp to the reply's arrival.
        expect(at - event.ts).toBeLessThan(100);
      });

      it('answers at once when events after the cursor already exist', async () => {
        const head = await headCursor(base, 'notifications');
        const event = await publish(base, 'waiting for you');
        const started = performance.now();
        const { body } = await getPoll(base, `/api/long-poll?topic=notifications&since=${head}&timeout=10`);
        expect(body).toEqual({ events: [event], cursor: event.id });
        expect(performance.now() - started).toBeLessThan(1000);
      });

      it('answers 429 with a JSON error past the per-IP cap of held requests, and frees the slots', async () => {
        const controllers = Array.from({ length: 4 }, () => new AbortController());
        const held = controllers.map((controller) =>
          fetch(`${base}/api/long-poll?topic=notifications&timeout=30`, { signal: controller.signal }).catch(() => undefined),
        );
        await heldLongPolls(4);
        const refused = await fetch(`${base}/api/long-poll?topic=notifications&timeout=30`);
        expect(refused.status).toBe(429);
        expect(refused.headers.get('retry-after')).toBe('1');
        expect(await refused.json()).toEqual({
          error: 'too many waiting long polls from this address (at most 4); close one first',
        });
        for (const controller of controllers) controller.abort();
        await Promise.all(held);
        await heldLongPolls(0);
        expect((await getPoll(base, '/api/long-poll?topic=notifications&timeout=1')).status).toBe(204);
      });
    });

    describe('parameters', () => {
      it.each([
        ['/api/poll', 'topic: is required'],
        ['/api/poll?topic=weather', 'topic: must be one of: ticker, notifications'],
        ['/api/poll?topic=ticker&since=garbage', 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"'],
        ['/api/poll?topic=ticker&session=x', 'session: must be 8 to 64 letters, digits, "-" or "_" (e.g. a UUID)'],
        ['/api/long-poll?topic=weather', 'topic: must be one of: ticker, notifications'],
        ['/api/long-poll?topic=ticker&since=1-2-3', 'since: must be the cursor of an earlier reply, e.g. "lx2k9q0ab-42"'],
        ['/api/long-poll?topic=ticker&timeout=0', 'timeout: must be a whole number of seconds from 1 to 30'],
        ['/api/long-poll?topic=ticker&timeout=31', 'timeout: must be a whole number of seconds from 1 to 30'],
        ['/api/long-poll?topic=ticker&timeout=soon', 'timeout: must be a whole number of seconds from 1 to 30'],
        ['/api/usage', 'session: is required'],
        ['/api/usage?session=%3Cscript%3E', 'session: must be 8 to 64 letters, digits, "-" or "_" (e.g. a UUID)'],
      ])('GET %s → 400 {"error": %j}', async (path, error) => {
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(await response.json()).toEqual({ error });
      });
    });
  });
}
