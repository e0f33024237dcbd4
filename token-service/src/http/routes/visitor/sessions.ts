/**
 * The first two calls a widget makes: `GET config` (public) and `POST sessions` (a token for a
 * browser on one of the site's origins; the rules live in sessions/session-service.ts).
 */
import { SessionRequest, SessionResponse, SiteConfig } from '@tessera/protocol';
import type { Hono } from 'hono';
import { ServiceError } from '../../../errors.js';
import { isOriginAllowed, publicConfig } from '../../../sites/public-config.js';
import type { AppDeps, AppEnv } from '../../context.js';
import { announceLimit, byIp, limit } from '../../middleware/limits.js';
import { mount, route } from '../../spec.js';
import { json, setHeader } from '../../response.js';

export const SITE_PATH = '/v1/sites/{siteKey}';
const NO_STORE = { 'cache-control': 'no-store' };

export const getConfig = route({
  id: 'getSiteConfig',
  method: 'get',
  path: `${SITE_PATH}/config`,
  tag: 'Visitors',
  summary: "The site's public widget config",
  description:
    'Answered to any page; a page on an origin that is not on the allow-list gets `403 origin_not_allowed`, readable by that page, so the widget can say that chat is not enabled there.',
  auth: 'none',
  answers: { 200: { description: 'The config', schema: SiteConfig } },
  errors: ['site_not_found', 'site_suspended', 'origin_not_allowed'],
});

export const openSession = route({
  id: 'openSession',
  method: 'post',
  path: `${SITE_PATH}/sessions`,
  tag: 'Visitors',
  summary: "A session for a visitor on one of the site's origins",
  description:
    "Requires an `Origin` on the site's allow-list. `resume` (an earlier token of the same site and origin, up to the resume window after it expired) keeps the same visitor. `identity` (a JWT the site's backend signed for its signed-in user: see docs/identity.md) makes the visitor that user's, the same on every device; with `resume` of an anonymous token too, that visitor's conversations become the user's unless the site turned adoption off. A site that requires identity refuses a session without one (`identity_required`), except the renewal of an identified session.",
  auth: 'none',
  body: SessionRequest, // check: strict-session-schema
  bodyOptional: true,
  answers: { 201: { description: 'A session token (an EdDSA JWT) and the site config', schema: SessionResponse } },
  errors: [
    'site_not_found',
    'site_suspended',
    'origin_not_allowed',
    'resume_rejected',
    'identity_invalid',
    'identity_expired',
    'identity_wrong_site',
    'identity_required',
    'identity_not_configured',
    'invalid_request',
    'invalid_json',
    'unsupported_media_type',
    'payload_too_large',
    'rate_limited',
  ],
});

export function sessionRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  mount(app, getConfig, (c) => {
    const site = c.get('site');
    const origin = c.req.header('origin');
    // The installation check: where this site's widget is loaded from, allowed or not.
    if (origin !== undefined) deps.sites.noteOrigin(site.id, origin);
    if (origin !== undefined && !isOriginAllowed(site, origin)) {
      // Readable by that page (and only this error), so the widget can say "chat is not enabled on
      // this site" instead of failing like a network error. It reveals nothing about the site.
      throw new ServiceError('origin_not_allowed', { headers: { 'access-control-allow-origin': origin } });
    }
    setHeader(c, 'cache-control', 'public, max-age=60');
    return json(c, publicConfig(site));
  });

  mount(
    app,
    openSession,
    async (c, { body }) => {
      const { session, rateLimit } = await deps.sessions.open(c.get('site'), c.req.header('origin'), body);
      announceLimit(c, rateLimit);
      return json(c, session, 201, NO_STORE);
    },
    limit([deps.limits.sessionsPerIp, byIp]), // check: limit-sessions-per-ip
  );
}
