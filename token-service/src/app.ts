/**
 * createApp(deps): the whole HTTP surface. Routes are mounted here; `onError` is the one place
 * any thrown value becomes the error envelope; unknown errors are logged (message only) and answered
 * with a plain `internal_error`.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './env.js';
import { ServiceError, errorResponse } from './errors.js';
import { StoreUnavailableError } from './store/db.js';
import { accessLog } from './middleware/access-log.js';
import { adminAuth } from './middleware/admin-auth.js';
import { securityHeaders } from './middleware/security-headers.js';
import { byIp, limit } from './middleware/limits.js';
import { siteContext, siteCors } from './middleware/site.js';
import { visitorAuth } from './middleware/visitor-auth.js';
import { siteRoutes, tenantSiteRoutes } from './routes/admin/sites.js';
import { tenantRoutes } from './routes/admin/tenants.js';
import { signingKeyRoutes, usageRoutes } from './routes/admin/usage.js';
import { conversationRoutes } from './routes/conversations.js';
import { sessionRoutes } from './routes/sessions.js';
import { metricsRoutes, systemRoutes } from './routes/system.js';

/** Browser-facing bodies are small: a message of 4,000 characters is at most ~16 KB of JSON. */
export const PUBLIC_BODY_LIMIT = 32 * 1024;
/** Admin bodies may carry a theme with a data: image and a long backstory. */
export const ADMIN_BODY_LIMIT = 256 * 1024;

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** The body limit of the routes below: read by readJson (lib/json-body.ts), the only body reader. */
const bodyLimit = (bytes: number): MiddlewareHandler<AppEnv> =>
  async function bodyLimit(c, next) {
    c.set('bodyLimit', bytes);
    await next();
  };

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(requestId({ limitLength: 64 }));
  app.use(async function clientIp(c, next) {
    c.set('clientIp', deps.clientIp(c));
    await next();
  });
  app.use(accessLog(deps.logger, deps.metrics));
  app.use(async function drainGuard(c, next) {
    // While shutting down, only probes are answered; everything else is told to come back.
    if (deps.lifecycle.draining && !PROBES.has(c.req.path)) {
      throw new ServiceError('shutting_down', { retryAfter: 1, headers: { connection: 'close' } });
    }
    await next();
  });
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        errorResponse(c, new ServiceError('method_not_allowed', { headers: { allow: methods.join(', ') } }), c.get('requestId')),
    }),
  );
  app.use(securityHeaders({ hsts: deps.config.publicUrl?.startsWith('https://') ?? false }));

  app.route('/', systemRoutes(deps));

  if (deps.config.metricsPort === null) app.route('/metrics', metricsRoutes(deps, adminAuth(deps.config.adminToken)));

  const site = new Hono<AppEnv>();
  site.use(siteContext(deps), siteCors(), limit([deps.limits.requestsPerIp, byIp]), bodyLimit(PUBLIC_BODY_LIMIT));
  site.route('/', sessionRoutes(deps));
  site.use('/conversations', visitorAuth(deps));
  site.use('/conversations/*', visitorAuth(deps));
  site.route('/conversations', conversationRoutes(deps));
  app.route('/v1/sites/:siteKey', site);

  const admin = new Hono<AppEnv>();
  admin.use(adminAuth(deps.config.adminToken), bodyLimit(ADMIN_BODY_LIMIT));
  admin.route('/tenants', tenantRoutes(deps));
  admin.route('/tenants/:tenantId/sites', tenantSiteRoutes(deps));
  admin.route('/tenants', usageRoutes(deps));
  admin.route('/sites', siteRoutes(deps));
  admin.route('/signing-keys', signingKeyRoutes(deps));
  app.route('/admin/v1', admin);

  app.notFound((c) => errorResponse(c, new ServiceError('not_found'), c.get('requestId')));

  app.onError((err, c) => {
    const reqId = c.get('requestId');
    if (err instanceof ServiceError) return errorResponse(c, err, reqId);
    if (err instanceof StoreUnavailableError) {
      deps.logger.error({ reqId }, 'database unavailable');
      return errorResponse(c, new ServiceError('service_unavailable', { retryAfter: 5 }), reqId);
    }
    if (err instanceof HTTPException) {
      // Raised by Hono itself (e.g. a malformed request): keep the status class, not the text.
      const code = err.status === 413 ? 'payload_too_large' : err.status >= 500 ? 'internal_error' : 'invalid_request';
      return errorResponse(c, new ServiceError(code), reqId);
    }
    deps.logger.error({ reqId, err: { type: (err as Error).name, message: (err as Error).message } }, 'unhandled error');
    return errorResponse(c, new ServiceError('internal_error'), reqId);
  });

  return app;
}
