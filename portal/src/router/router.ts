/**
 * A small History API router for paths under /portal/. Hand-written rather than @lit-labs/router:
 * the portal needs a guard in front of every route (signed in? operator?) and the query string as
 * state, and this is ~80 lines. Links are plain <a href>: clicks on same-app links (through shadow
 * roots) become pushState; paths the service answers itself (api, assets, brand, links) are left to it.
 */
export const BASE = '/portal';
const SERVER_PATHS = /^\/portal\/(api|assets|brand|links)(\/|$)/;

export interface Location {
  /** The path under the portal, e.g. `/customers/tn_1` (`/` for the home). */
  path: string;
  query: URLSearchParams;
}

export function current(): Location {
  const full = location.pathname;
  const path = full.startsWith(`${BASE}/`) ? full.slice(BASE.length) : '/';
  return { path: path.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

/** The URL of a portal path, for `href`. */
export function href(path: string, query?: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) qs.set(k, v);
  const s = qs.toString();
  return `${BASE}${path === '/' ? '/' : path}${s ? `?${s}` : ''}`;
}

export class Router extends EventTarget {
  constructor() {
    super();
    addEventListener('popstate', () => this.changed());
    document.addEventListener('click', (event) => this.onClick(event));
  }

  get location(): Location {
    return current();
  }

  /** Go to a portal path (`/customers`) or a full /portal/... URL. */
  navigate(to: string, { replace = false } = {}): void {
    const url = to.startsWith(`${BASE}/`) || to === BASE ? to : href(to);
    if (url === location.pathname + location.search) return;
    history[replace ? 'replaceState' : 'pushState'](null, '', url);
    this.changed();
  }

  /** Change the query string without a new history entry or a route change (search box, sorting). */
  setQuery(query: Record<string, string | undefined>): void {
    history.replaceState(null, '', href(current().path, query));
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }

  private onClick(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement && n.hasAttribute('href'));
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (!anchor.pathname.startsWith(`${BASE}/`) || SERVER_PATHS.test(anchor.pathname)) return;
    event.preventDefault();
    this.navigate(anchor.pathname + anchor.search);
  }
}

/** Matches `/customers/:tenantId` against a path; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(
    `^${pattern.replace(/\/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '/([^/]+)';
    })}$`,
  );
  const m = re.exec(path);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}
