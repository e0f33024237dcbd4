/**
 * One structured log line per request: request id, method, route pattern (never the raw URL's
 * query), status, latency, and the site and tenant when known. Never headers, tokens or bodies.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.js';

export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const start = performance.now();
    c.set('logFields', {});
    await next();
    const status = c.res.status;
    const line = {
      reqId: c.get('requestId'),
      method: c.req.method,
      route: routePath(c, -1) || 'unmatched',
      status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      ...c.get('logFields'),
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
