/**
 * Browser-facing routes under /v1/sites/{siteKey}: resolve the site (from the cache), refuse
 * unknown or suspended ones, and enforce the site's origin allow-list on the real request, not only
 * on the preflight. CORS headers are only ever given to an allowed origin (exact match, never `*`,
 * never credentials, a fixed list of headers); a preflight from any other origin gets 403 and no
 * CORS headers at all.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { idPattern } from '@tessera/protocol';
import type { AppDeps, AppEnv } from '../env.js';
import { ServiceError } from '../errors.js';
import type { ResolvedSite } from '../store/sites.js';

const SITE_KEY = idPattern('siteKey');

export const EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

export function isOriginAllowed(site: ResolvedSite, origin: string | undefined): origin is string {
  return origin !== undefined && site.allowedOrigins.includes(origin);
}

export function siteContext(deps: Pick<AppDeps, 'sites'>): MiddlewareHandler<AppEnv> {
  return async function siteContext(c, next) {
    const siteKey = c.req.param('siteKey') ?? '';
    if (!SITE_KEY.test(siteKey)) throw new ServiceError('site_not_found');
    const site = await deps.sites.get(siteKey);
    if (!site) throw new ServiceError('site_not_found');
    c.set('site', site);
    c.get('logFields').site = siteKey;
    c.get('logFields').tenant = site.tenantId;
    if (site.status !== 'active' || site.tenantStatus !== 'active') throw new ServiceError('site_suspended');

    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS' && !isOriginAllowed(site, origin)) throw new ServiceError('origin_not_allowed');
    await next();
  };
}

/**
 * CORS for the site's allowed origins only; runs after siteContext. For any other origin no CORS
 * header is set at all (hono's cors() would still add Expose-Headers), only `Vary: Origin`.
 */
export function siteCors(): MiddlewareHandler<AppEnv> {
  const allowed = cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    credentials: false,
  });
  return async function siteCors(c, next) {
    if (isOriginAllowed(c.get('site'), c.req.header('origin'))) return allowed(c, next);
    await next();
    c.header('Vary', 'Origin', { append: true });
  };
}

/** The request must come from one of the site's origins (session minting). */
export function requireAllowedOrigin(c: { req: { header(name: string): string | undefined }; get(key: 'site'): ResolvedSite }) {
  const origin = c.req.header('origin');
  if (!isOriginAllowed(c.get('site'), origin)) throw new ServiceError('origin_not_allowed');
  return origin;
}
