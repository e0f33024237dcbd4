/**
 * createApp(deps): the whole HTTP surface. Middleware is applied by path; every route comes from
 * http/routes (one spec each, also the OpenAPI document); `onError` is the one place a thrown value
 * becomes an answer (http/errors.ts).
 */
import { Hono } from 'hono';
import { ServiceError } from './errors.js';
import type { AppDeps, AppEnv } from './http/context.js';
import { errorResponse, toErrorResponse } from './http/errors.js';
import { allowedMethodsOf } from './http/method-not-allowed.js';
import { adminAuth } from './http/middleware/admin-auth.js';
import { requestContext } from './http/middleware/request-context.js';
import { siteGate } from './http/middleware/site.js';
import { visitorAuth } from './http/middleware/visitor-auth.js';
import { openapiDocument } from './http/openapi.js';
import { adminRoutes, metricsRoutes, portalRoutes, ROUTES, SITE_PATH, systemRoutes, visitorRoutes } from './http/routes/index.js';
import { auditTrail } from './http/middleware/audit-trail.js';
import { portalOrigin, portalSession } from './http/middleware/portal.js';
import { honoPath } from './http/spec.js';
import { referenceRoutes } from './reference/index.js';

export { ADMIN_BODY_LIMIT, PUBLIC_BODY_LIMIT } from './http/spec.js';

const VERSION = '0.1.0';

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  let document: unknown;
  const openapi = () => (document ??= openapiDocument(ROUTES, { version: VERSION, serverUrl: deps.config.publicUrl }));

  app.use(
    requestContext({
      hsts: deps.config.publicUrl.startsWith('https://'),
      clientIp: deps.clientIp,
      lifecycle: deps.lifecycle,
      logger: deps.logger,
      metrics: deps.metrics,
    }),
  );

  systemRoutes(app, deps, openapi);
  if (deps.config.metricsPort === null) metricsRoutes(app, deps, adminAuth(deps.config.adminToken));
  app.route('/reference', referenceRoutes({ openapiUrl: '/openapi.json', title: 'Tessera API' }));

  // The browser-facing API: the per-IP limit before anything a stranger can make us do.
  app.use(honoPath(`${SITE_PATH}/*`), siteGate({ sites: deps.sites, requestsPerIp: deps.limits.requestsPerIp }));
  app.use(honoPath(`${SITE_PATH}/conversations`), visitorAuth(deps.sessions));
  app.use(honoPath(`${SITE_PATH}/conversations/*`), visitorAuth(deps.sessions));
  visitorRoutes(app, deps);

  app.use('/admin/v1/*', adminAuth(deps.config.adminToken));
  app.use('/admin/v1/*', auditTrail(deps.audit, deps.logger));
  adminRoutes(app, deps);

  // The portal: CSRF first (before any work), then who is signed in, then the audit trail.
  app.use('/portal/*', portalOrigin(deps.config.portal.origins));
  app.use('/portal/*', auditTrail(deps.audit, deps.logger));
  app.use('/portal/api/*', portalSession(deps.signIn));
  portalRoutes(app, deps);

  const allowedMethods = allowedMethodsOf(app);
  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    const err =
      allow.length > 0 // check: method-not-allowed
        ? new ServiceError('method_not_allowed', { headers: { allow: allow.join(', ') } })
        : new ServiceError('not_found');
    return errorResponse(c, err, c.get('requestId'));
  });
  app.onError((err, c) => toErrorResponse(err, c, deps.logger));
  return app;
}
