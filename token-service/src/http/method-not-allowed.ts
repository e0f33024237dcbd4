/**
 * For an answer "not found": does the path exist with other methods? Then it is 405 with `Allow`.
 * Done in the not-found handler rather than with hono's methodNotAllowed() middleware, which wraps
 * every request of the app to look at the few that miss (a hop of the chain on the hot path); the
 * lookup is the same (a TrieRouter of the app's routes, built on first use).
 */
import type { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';

export function allowedMethodsOf(app: Pick<Hono, 'routes'>): (path: string) => string[] {
  let router: TrieRouter<string[]> | undefined;
  return (path) => {
    if (!router) {
      const byPath = new Map<string, Set<string>>();
      for (const route of app.routes) {
        if (route.method === 'ALL' || route.method === 'HEAD') continue;
        const methods = byPath.get(route.path) ?? new Set<string>();
        methods.add(route.method);
        if (route.method === 'GET') methods.add('HEAD');
        byPath.set(route.path, methods);
      }
      router = new TrieRouter<string[]>();
      for (const [p, methods] of byPath) router.add('ALL', p, [...methods]);
    }
    const allowed = new Set<string>();
    for (const [methods] of router.match('ALL', path)[0]) for (const m of methods) allowed.add(m);
    return [...allowed];
  };
}
