/**
 * The API entry point: records the request, applies entry faults, then runs the server's check
 * order - unknown path 404, HEAD/OPTIONS preflight, method 405, JSON content type 400, credentials
 * 401/403, Accept 400 (stream routes), malformed JSON 400 - before handing over to the route.
 * Malformed JSON is reported after credentials so unauthenticated callers learn nothing else.
 */
import type { Context } from 'hono';
import { applyEntryFault } from '../faults/entry.js';
import { negotiate } from './accept.js';
import { resolveSession } from './auth.js';
import { connectionOf } from './connection.js';
import { ApiError, badRequest } from './errors.js';
import { apiPath, matchRoutes } from './router.js';
import type { RouteDef } from './router.js';
import type { Core } from '../core.js';
import type { RecordedRequest } from '../types.js';

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

function parseRecordedBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isJsonContentType(value: string | undefined): boolean {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

export function createApiHandler(core: Core, routes: readonly RouteDef[]) {
  return async function handleApi(c: Context): Promise<Response> {
    const url = new URL(c.req.url);
    const method = c.req.method.toUpperCase();
    const rawBody = method === 'GET' || method === 'HEAD' ? '' : await c.req.text();
    const headers = headerRecord(c.req.raw.headers);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: parseRecordedBody(rawBody),
      at: core.now(),
    };
    core.requests.push(recorded);

    const fault = core.faults.takeEntry(method, url.pathname.replace(/^\/api(?=\/)/, ''));
    if (fault) return applyEntryFault(fault, core, c.req.raw, headers, connectionOf(c));

    const path = apiPath(url.pathname);
    const matches = path === null ? [] : matchRoutes(routes, path);
    if (matches.length === 0) throw new ApiError('NOT_FOUND');
    if (method === 'HEAD') return new Response(null, { status: 200 });
    if (method === 'OPTIONS') return c.json({});
    const match = matches.find((candidate) => candidate.route.method === method);
    if (!match) throw new ApiError('METHOD_NOT_ALLOWED');
    if (method === 'POST' && !isJsonContentType(c.req.header('content-type'))) throw badRequest();

    const session = resolveSession(core.store, (name) => c.req.header(name));
    // Partner routes act on the key owner's own sub-accounts. A run-as call reaches them as a
    // sub-account, which is not a partner: valid credentials, missing permission -> 403.
    if (match.route.access === 'partner' && session.runAs) throw new ApiError('NOT_AUTHORIZED');

    const accept = match.route.stream ? negotiate(c.req.header('accept'), match.route.stream === 'list') : 'json';

    let body: unknown = null;
    if (method === 'POST') {
      try {
        body = rawBody.trim() === '' ? {} : (JSON.parse(rawBody) as unknown);
      } catch {
        throw badRequest('Invalid JSON body');
      }
    }

    return match.route.handle({
      c,
      core,
      params: match.params,
      query: url.searchParams,
      body,
      session,
      accept,
    });
  };
}
