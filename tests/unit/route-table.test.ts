import { describe, expect, it } from 'vitest';
import { empty, type Route } from '../../src/lib/realtime/http/api.ts';
import { RouteTable } from '../../src/lib/realtime/http/route-table.ts';

const route = (method: 'GET' | 'POST', path: string): Route => ({ method, path, handler: () => empty(204) });

describe('route table', () => {
  const table = new RouteTable([route('GET', '/api/poll'), route('POST', '/api/publish')]);

  it('finds a route by method and exact path, and serves HEAD with the GET route', () => {
    expect(table.match('GET', '/api/poll')).toMatchObject({ kind: 'route', head: false, route: { method: 'GET' } });
    expect(table.match('HEAD', '/api/poll')).toMatchObject({ kind: 'route', head: true, route: { method: 'GET' } });
  });

  it('answers OPTIONS and other methods from the methods the path has', () => {
    expect(table.match('OPTIONS', '/api/poll')).toEqual({ kind: 'options', allow: 'GET, HEAD, OPTIONS' });
    expect(table.match('DELETE', '/api/publish')).toEqual({ kind: 'method-not-allowed', allow: 'POST, OPTIONS' });
    expect(table.match('HEAD', '/api/publish')).toEqual({ kind: 'method-not-allowed', allow: 'POST, OPTIONS' });
  });

  it('knows nothing of other paths', () => {
    expect(table.has('/api/polls')).toBe(false);
    expect(table.match('GET', '/api/poll/')).toEqual({ kind: 'none' });
  });

  it('refuses two routes for one method and path', () => {
    expect(() => new RouteTable([route('GET', '/a'), route('GET', '/a')])).toThrow('two routes for GET /a');
  });
});
