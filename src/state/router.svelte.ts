// Hash routes (INTERFACES.md section 3): the built app works from any static host and any sub-path.
export const ROUTES = ['brand', 'segments', 'tiers', 'clv', 'cohorts', 'customers', 'import', 'settings'] as const;
export type RouteName = (typeof ROUTES)[number];

export interface Route {
  name: RouteName;
  /** The part after the route name, e.g. a customer id in `#/customers/ID`. */
  param: string | null;
}

export function parseHash(hash: string): Route {
  const [name, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const known = (ROUTES as readonly string[]).includes(name) ? (name as RouteName) : 'brand';
  const param = known === name && rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  return { name: known, param };
}

export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
    });
  }

  go(name: RouteName, param?: string): void {
    location.hash = param === undefined ? `#/${name}` : `#/${name}/${encodeURIComponent(param)}`;
  }
}
