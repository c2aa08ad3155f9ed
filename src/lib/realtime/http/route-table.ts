import type { Route } from './api.ts';

/** What the table says about a method and path. */
export type RouteMatch =
  | { kind: 'route'; route: Route; head: boolean }
  | { kind: 'options'; allow: string }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'none' };

/**
 * Method + path → route, for exact paths (the API has no path parameters; inputs are in the
 * query or body). HEAD is served by a GET route; OPTIONS and unknown methods are answered from
 * the methods the path has, so an API path never falls through to the HTML 404 page.
 */
export class RouteTable {
  readonly #byPath = new Map<string, Map<string, Route>>();

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const methods = this.#byPath.get(route.path) ?? new Map<string, Route>();
      if (methods.has(route.method)) throw new Error(`two routes for ${route.method} ${route.path}`);
      methods.set(route.method, route);
      this.#byPath.set(route.path, methods);
    }
  }

  /** True when some route has this path (whatever its method). */
  has(path: string): boolean {
    return this.#byPath.has(path);
  }

  /** Finds the route for a request. */
  match(method: string, path: string): RouteMatch {
    const methods = this.#byPath.get(path);
    if (!methods) return { kind: 'none' };
    const route = methods.get(method) ?? (method === 'HEAD' ? methods.get('GET') : undefined);
    if (route) return { kind: 'route', route, head: method === 'HEAD' };
    const allow = [...methods.keys(), ...(methods.has('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
    return method === 'OPTIONS' ? { kind: 'options', allow } : { kind: 'method-not-allowed', allow };
  }
}
