import { json, type Route } from '../http/api.ts';

/** `GET /api/time`: server time, for the browser's clock-offset estimate. */
export const timeRoute: Route = { method: 'GET', path: '/api/time', handler: () => json(200, { now: Date.now() }) };
