/**
 * Visitor routes: a valid session token for this very site, still bound to an allowed origin. The
 * token's origin claim must still be on the site's list (an origin removed by the partner stops
 * working at once), and a browser's Origin header, when present, must be that origin.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';
import { ServiceError } from '../errors.js';
import { isOriginAllowed } from './site.js';

export function visitorAuth(deps: Pick<AppDeps, 'tokens'>): MiddlewareHandler<AppEnv> {
  return async function visitorAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw new ServiceError('token_missing');
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (!match) throw new ServiceError('token_invalid');
    const claims = await deps.tokens.verify(match[1]!);
    const site = c.get('site');
    if (claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId) {
      throw new ServiceError('token_site_mismatch');
    }
    if (!isOriginAllowed(site, claims.origin)) throw new ServiceError('origin_not_allowed');
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== claims.origin) throw new ServiceError('origin_not_allowed');
    c.set('visitor', claims);
    await next();
  };
}
