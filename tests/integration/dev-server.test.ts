import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { describeRealtimeServer } from './realtime-suite.ts';
import { startDevServer, type RunningServer } from '../support/server.ts';

describeRealtimeServer('dev server (astro dev)', () => startDevServer({ SSE_RETRY_MS: '100' }));

describe('dev server and Vite', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(() => server?.stop());

  // Regression guard: /api/ws shares Vite's HTTP server in dev, and must leave Vite's own
  // hot-reload socket (subprotocol vite-hmr) working.
  it("leaves Vite's hot-reload WebSocket working", async () => {
    const socket = new WebSocket(server.url.replace('http', 'ws') + '/', 'vite-hmr');
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(data.toString()));
      socket.once('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({ type: 'connected' });
    socket.close();
  });
});
