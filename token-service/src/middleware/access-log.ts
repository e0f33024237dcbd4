/**
 * One structured log line per request: request id, method, route pattern (never the raw URL's
 * query), status, latency to headers, and the site and tenant when known; and the same facts as
 * metrics. Never headers, tokens or bodies.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.js';
import type { Metrics } from '../lib/metrics.js';

export function accessLog(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const start = performance.now();
    c.set('logFields', {});
    await next();
    const status = c.res.status;
    const route = routePath(c, -1) || 'unmatched';
    const seconds = (performance.now() - start) / 1000;
    metrics.requests.inc({ method: c.req.method, route, status: String(status) });
    metrics.requestSeconds.observe({ method: c.req.method, route }, seconds);
    const line = {
      reqId: c.get('requestId'),
      method: c.req.method,
      route,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      ...c.get('logFields'),
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
