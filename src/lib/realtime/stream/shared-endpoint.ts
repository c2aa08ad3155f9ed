import { createTokenStreamEndpoint, type TokenStreamEndpoint } from './token-stream.ts';

const KEY = Symbol.for('realtime-lab.token-stream');

/**
 * The one token-stream endpoint of this process. Kept on globalThis because Astro bundles route
 * code while the Node entry loads src/ directly: both must share one rate limiter and one count.
 */
export function tokenStreamEndpoint(): TokenStreamEndpoint {
  const store = globalThis as { [KEY]?: TokenStreamEndpoint };
  store[KEY] ??= createTokenStreamEndpoint();
  return store[KEY];
}
