/**
 * How the service answers: the headers of an answer are gathered in a plain object per request
 * (security headers, CORS, rate limits, cache policy), and every answer the service makes is a
 * Response built with that object. Hand-written rather than Hono's `c.header()`/`c.json()`: those
 * keep headers in a Fetch `Headers` object (validated, lower-cased, sorted on every set), which
 * @hono/node-server then copies into Node's header object; a plain object goes to Node's
 * `writeHead` as it is. Measured on the session route with `pnpm bench mint` (CPU per request).
 * Answers made elsewhere (Hono's own, the reference pages) get the gathered headers merged in by
 * the request context middleware, without overriding their own.
 */
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

type Headers = Record<string, string>;

/** The answers built here, so the request context knows which ones already carry the headers. */
const ours = new WeakSet<Response>();

export function isOwnAnswer(res: Response): boolean {
  return ours.has(res);
}

/** This request's answer headers (created on first use). */
export function answerHeaders(c: Context<AppEnv>): Headers {
  let headers = c.get('headers');
  if (!headers) c.set('headers', (headers = {}));
  return headers;
}

export function setHeader(c: Context<AppEnv>, name: string, value: string): void {
  answerHeaders(c)[name] = value;
}

/** An answer with this request's headers, plus `extra`. */
export function answer(
  c: Context<AppEnv>,
  body: ConstructorParameters<typeof Response>[0],
  status: number,
  extra?: Headers,
): Response {
  const headers = answerHeaders(c);
  if (extra) Object.assign(headers, extra);
  const res = new Response(body, { status, headers });
  ours.add(res);
  return res;
}

export function json(c: Context<AppEnv>, value: unknown, status = 200, extra?: Headers): Response {
  // A store under a constant name: the hot path's header stores stay monomorphic (profiled).
  answerHeaders(c)['content-type'] = 'application/json';
  return answer(c, JSON.stringify(value), status, extra);
}
