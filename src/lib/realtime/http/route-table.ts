import type { Route } from './api.ts';

/** What the table says about a method and path. */
export type RouteMatch =
  | { kind: 'route'; route: Route; head: boolean }
  | { kind: 'options'; allow: string }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'none' };

const NO_ROUTE: RouteMatch = { kind: 'none' };

/**
 * Method + path → route, for exact paths (the API has no path parameters; inputs are in the
 * query or body). HEAD is served by a GET route; OPTIONS and unknown methods are answered from
 * the methods the path has, so an API path never falls through to the HTML 404 page.
 */
export class RouteTable {
  readonly #byPath = new Map<string, Map<string, Route>>();
  /** Every answer `match` can give for a known path and method, made once (it runs on every request). */
  readonly #matches = new Map<string, Map<string, RouteMatch>>();

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const methods = this.#byPath.get(route.path) ?? new Map<string, Route>();
      if (methods.has(route.method)) throw new Error(`two routes for ${route.method} ${route.path}`);
      methods.set(route.method, route);
      this.#byPath.set(route.path, methods);
    }
    for (const [path, methods] of this.#byPath) {
      const answers = new Map<string, RouteMatch>();
      for (const [method, route] of methods) answers.set(method, { kind: 'route', route, head: false });
      const get = methods.get('GET');
      if (get && !methods.has('HEAD')) answers.set('HEAD', { kind: 'route', route: get, head: true });
      const allow = [...methods.keys(), ...(get ? ['HEAD'] : []), 'OPTIONS'].join(', ');
      if (!answers.has('OPTIONS')) answers.set('OPTIONS', { kind: 'options', allow });
      answers.set('', { kind: 'method-not-allowed', allow });
      this.#matches.set(path, answers);
    }
  }

  /** True when some route has this path (whatever its method). */
  has(path: string): boolean {
    return this.#byPath.has(path);
  }

  /** Finds the route for a request. */
  match(method: string, path: string): RouteMatch {
    const answers = this.#matches.get(path);
    if (!answers) return NO_ROUTE;
    return answers.get(method) ?? answers.get('')!;
  }
}
