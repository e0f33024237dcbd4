/**
 * The gate of the browser-facing routes under /v1/sites/{siteKey}, in this order:
 * 1. the per-IP request limit, before anything a stranger can make the service do (a site lookup,
 *    a cache slot; security.md rule 11); its 429 still carries CORS headers for an allowed origin
 *    when the site is already cached (a lookup the refusal never causes), so a real visitor's widget
 *    can read why it was refused;
 * 2. the site (from the cache): unknown or suspended ones are refused;
 * 3. CORS, only ever for an allowed origin (exact match, never `*`, never credentials, a fixed list
 *    of methods and headers); a preflight from any other origin gets 403 and no CORS headers.
 *
 * One middleware rather than three: each hop of Hono's chain costs on the hot path (`pnpm bench
 * mint`). Hand-written rather than hono's cors(): for a fixed policy it is a few header lines, and
 * cors() builds and merges a second Response on every request.
 */
import { idPattern } from '@tessera/protocol';
import type { Context, MiddlewareHandler } from 'hono';
import { ServiceError } from '../../errors.js';
import type { Limit, LimitState } from '../../limits/limiter.js';
import { isOriginAllowed } from '../../sites/public-config.js';
import type { SiteService } from '../../sites/site-service.js';
import type { AppEnv } from '../context.js';
import { answer, answerHeaders } from '../response.js';
import { announceLimit } from './limits.js';

const SITE_KEY = idPattern('siteKey');

export const EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
const EXPOSE = EXPOSED_HEADERS.join(',');

/** The CORS headers of an answer to an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSE, vary: 'Origin' }; // check: cors-no-wildcard-429
}

export function siteGate(opts: {
  sites: Pick<SiteService, 'resolve' | 'peek'>;
  requestsPerIp: Limit;
}): MiddlewareHandler<AppEnv> {
  const { sites } = opts;

  async function countRequest(c: Context<AppEnv>, siteKey: string, origin: string | undefined) {
    let state: LimitState;
    try {
      const taken = opts.requestsPerIp.take(c.get('clientIp'));
      state = taken instanceof Promise ? await taken : taken;
    } catch (err) {
      const cached = sites.peek(siteKey);
      if (err instanceof ServiceError && cached && isOriginAllowed(cached, origin) /* check: cors-429-allowed-only */)
        Object.assign(err.headers, corsHeaders(origin));
      throw err;
    }
    announceLimit(c, state);
  }

  return async function siteGate(c, next) {
    const origin = c.req.header('origin');
    const siteKey = c.req.param('siteKey') ?? '';
    await countRequest(c, siteKey, origin); // check: limit-requests-per-ip, limit-requests-per-ip-first

    // A widget's first call is GET config: let its page read why chat is off (these answers carry
    // no data), instead of failing like a network error. Nothing else is readable cross-origin.
    const readable =
      c.req.method === 'GET' && origin && c.req.path.endsWith('/config') ? { 'access-control-allow-origin': origin } : undefined; // check: cors-readable-config-only
    if (!SITE_KEY.test(siteKey)) throw new ServiceError('site_not_found', { headers: readable }); // check: site-key-pattern
    const resolving = sites.resolve(siteKey);
    const site = resolving instanceof Promise ? await resolving : resolving;
    if (!site) throw new ServiceError('site_not_found', { headers: readable });
    c.set('site', site);
    const log = c.get('logFields');
    log.site = siteKey;
    log.tenant = site.tenantId;
    if (site.status !== 'active' || site.tenantStatus !== 'active' /* check: site-suspended, tenant-suspended */)
      throw new ServiceError('site_suspended', { headers: readable });

    const headers = answerHeaders(c);
    headers.vary = 'Origin';
    if (!isOriginAllowed(site, origin) /* check: cors-allowed-origins-only */) {
      if (c.req.method === 'OPTIONS') throw new ServiceError('origin_not_allowed'); // check: preflight-strangers
      return next();
    }
    headers['access-control-allow-origin'] = origin; // check: cors-no-wildcard, cors-no-credentials
    if (c.req.method === 'OPTIONS') {
      return answer(c, null, 204, {
        // DELETE: Stop; Last-Event-ID: reattaching to an answer.
        'access-control-allow-methods': 'GET,POST,DELETE',
        'access-control-allow-headers': 'Authorization,Content-Type,Last-Event-ID', // check: cors-fixed-headers
        'access-control-max-age': '600',
      });
    }
    headers['access-control-expose-headers'] = EXPOSE;
    await next();
  };
}
