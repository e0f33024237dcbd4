/**
 * `GET config` and `POST sessions`: the first two calls a widget makes. A session is minted only
 * for a request whose Origin is on the site's list; the visitor id is ours, never the client's.
 * `resume` renews the same visitor from an earlier token of the same site and origin.
 */
import { Hono } from 'hono';
import { SessionRequest, type Wire } from '@tessera/protocol';
import type { AppDeps, AppEnv } from '../env.js';
import { ServiceError } from '../errors.js';
import { newId } from '../lib/ids.js';
import { readJson } from '../lib/json-body.js';
import { byIp, bySite, limit } from '../middleware/limits.js';
import { isOriginAllowed, requireAllowedOrigin } from '../middleware/site.js';
import { publicConfig } from '../sites/public-config.js';

export function sessionRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/config', (c) => {
    const site = c.get('site');
    const origin = c.req.header('origin');
    if (origin !== undefined && !isOriginAllowed(site, origin)) {
      // Readable by that page (and only this error), so the widget can say "chat is not enabled on
      // this site" instead of failing like a network error. It reveals nothing about the site.
      throw new ServiceError('origin_not_allowed', {
        headers: { 'access-control-allow-origin': origin },
      });
    }
    c.header('cache-control', 'public, max-age=60');
    return c.json(publicConfig(site));
  });

  app.post('/sessions', limit([deps.limits.sessionsPerIp, byIp], [deps.limits.sessionsPerSite, bySite]), async (c) => {
    const site = c.get('site');
    const origin = requireAllowedOrigin(c);
    const body = await readJson(c, SessionRequest, { optional: true });

    let visitorId = newId('visitor');
    if (body.resume !== undefined) {
      const claims = await deps.tokens.verify(body.resume, { allowExpired: true }).catch((err: unknown) => {
        throw err instanceof ServiceError && err.code === 'token_invalid' ? new ServiceError('resume_rejected') : err;
      });
      // A key rotation changes the site key, so an old token fails here too.
      if (claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId || claims.origin !== origin) {
        throw new ServiceError('resume_rejected');
      }
      visitorId = claims.visitorId;
    }

    const { token, expiresAt } = await deps.tokens.mint({
      visitorId,
      siteKey: site.siteKey,
      tenantId: site.tenantId,
      origin,
    });
    deps.usage.count(site.tenantId, 'sessions');
    deps.metrics.sessionsMinted.inc();
    c.header('cache-control', 'no-store');
    const res: Wire.SessionResponse = { token, expiresAt, visitorId, config: publicConfig(site) };
    return c.json(res, 201);
  });

  return app;
}
