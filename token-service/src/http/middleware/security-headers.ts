/**
 * The security headers of every response. The service answers JSON, event streams and one script,
 * never HTML, so the set is what matters for those: no MIME sniffing, a CSP under which a response
 * opened as a document renders and runs nothing, no framing, no referrer, a resource policy that
 * lets customer pages load /widget.js, and HSTS when served over TLS. (hono's secureHeaders() adds
 * headers aimed at HTML documents, such as X-XSS-Protection and X-Download-Options, and its CORP
 * default `same-origin` would block the widget on customer sites.)
 *
 * Hand-written rather than secureHeaders(): that middleware writes to the response after the
 * handler, which makes Hono materialise and copy a second Response object on every request; set
 * here before the handler, the headers ride along with the response it builds (measured on the
 * session-minting path with `pnpm bench mint`).
 */
import type { MiddlewareHandler } from 'hono';

const BASE: [string, string][] = [
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['cross-origin-resource-policy', 'cross-origin'],
  ['referrer-policy', 'no-referrer'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

/** The security headers of every answer (http/middleware/request-context.ts puts them on). */
export function securityHeaderList(hsts: boolean): [string, string][] {
  return hsts ? [...BASE, ['strict-transport-security', 'max-age=31536000']] : BASE;
}

/** The same as a middleware of its own, for an app without the request context (a bare sub-app). */
export function securityHeaders(opts: { hsts: boolean }): MiddlewareHandler {
  const headers = securityHeaderList(opts.hsts);
  return async function securityHeaders(c, next) {
    for (const [name, value] of headers) c.header(name, value);
    await next();
  };
}
