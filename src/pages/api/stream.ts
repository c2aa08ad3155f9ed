import { serveApi } from '../../lib/realtime/http/serve-api.ts';

export const prerender = false;

/** `/api/stream`: served by the realtime route table (src/lib/realtime/api-routes.ts); this file mounts it for Astro. */
export const ALL = serveApi;
