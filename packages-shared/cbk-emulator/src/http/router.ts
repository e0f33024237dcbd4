/**
 * The API route table and its matcher. Hand-written instead of Hono's router because the server's
 * behaviour needs "path known, method wrong" (405) and a fixed check order across all routes
 * (method/content-type, credentials, Accept, body, handler), which is easiest with one dispatcher
 * that sees every candidate route for a path.
 */
import type { Context } from 'hono';
import type { AcceptMode } from './accept.js';
import type { Session } from './auth.js';
import type { Core } from '../core.js';

export interface RouteContext {
  c: Context;
  core: Core;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body for POST routes (already checked to be JSON), null for GET. */
  body: unknown;
  session: Session;
  /** Negotiated response mode; always 'json' for routes that ignore Accept. */
  accept: AcceptMode;
}

export interface RouteDef {
  method: 'GET' | 'POST';
  /** Path below /v1, with :params, e.g. '/bot/:botId/fetch'. */
  path: string;
  /** 'partner' routes need the key owner's own credentials (no run-as). */
  access: 'partner' | 'account';
  /** Routes built on the server's stream wrapper negotiate Accept. */
  stream?: 'list' | 'complete';
  handle(ctx: RouteContext): Response | Promise<Response>;
}

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

/** Strip the /api/v1 or /v1 prefix; null when the path is outside the API. */
export function apiPath(pathname: string): string | null {
  const match = /^(?:\/api)?\/v1(\/.*)$/.exec(pathname);
  return match?.[1] ?? null;
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const expected = want[i] ?? '';
    const actual = got[i] ?? '';
    if (expected.startsWith(':')) {
      if (actual === '') return null;
      params[expected.slice(1)] = decodeURIComponent(actual);
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

/** Every route whose path matches, whatever its method. */
export function matchRoutes(routes: readonly RouteDef[], path: string): RouteMatch[] {
  const matches: RouteMatch[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) matches.push({ route, params });
  }
  return matches;
}
