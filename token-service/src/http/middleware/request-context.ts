/**
 * The first middleware of every request, and the last word on it: the request's id (a well-formed
 * incoming X-Request-Id is kept, else a new UUID), the client's IP, the answer headers every
 * response carries (the security headers, the request id); while the service drains, everything but
 * the probes is told to come back. After the answer: one access-log line (request id, method, route
 * pattern never the raw URL, status, time to headers, site and tenant when known; never headers,
 * tokens or bodies) and the same facts as metrics.
 *
 * One middleware rather than several: each hop of Hono's chain allocates and awaits on the hot path
 * (`pnpm bench mint`, CPU per request). Answers not made through http/response.ts get the headers
 * merged in here, without overriding their own.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { ServiceError } from '../../errors.js';
import type { Lifecycle } from '../../platform/lifecycle.js';
import type { Metrics } from '../../platform/metrics.js';
import type { IpResolver } from '../client-ip.js';
import type { AppEnv } from '../context.js';
import { errorResponse } from '../errors.js';
import { isOwnAnswer } from '../response.js';
import { securityHeaderList } from './security-headers.js';

const REQUEST_ID = /^[\w\-=]{1,64}$/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export interface RequestContextOptions {
  hsts: boolean;
  clientIp: IpResolver;
  lifecycle: Pick<Lifecycle, 'draining'>;
  logger: Logger;
  metrics: Pick<Metrics, 'observeRequest'>;
}

export function requestContext(opts: RequestContextOptions): MiddlewareHandler<AppEnv> {
  const { logger, metrics } = opts;
  const base = Object.fromEntries(securityHeaderList(opts.hsts));
  return async function requestContext(c, next) {
    const start = performance.now();
    const incoming = c.req.header('x-request-id');
    const id = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID(); // check: request-id-pattern
    // Copied with Object.assign, not spread: V8 gives `{ ...base, k: v }` a new hidden class on every
    // call once optimised, so every header added later went through the runtime (measured: ~30x
    // slower per request; `pnpm bench mint-instructions`).
    const headers: Record<string, string> = Object.assign({}, base); // check: security-headers-every-answer
    headers['x-request-id'] = id;
    const logFields: Record<string, string> = {};
    c.set('requestId', id);
    c.set('headers', headers);
    c.set('logFields', logFields);
    c.set('clientIp', opts.clientIp(c));
    // While shutting down, only probes are answered; everything else is told to come back.
    let refused: Response | undefined;
    if (opts.lifecycle.draining && !PROBES.has(c.req.path)) {
      refused = errorResponse(c, new ServiceError('shutting_down', { retryAfter: 1, headers: { connection: 'close' } }), id);
    } else {
      await next();
    }
    const res = refused ?? c.res;
    if (!isOwnAnswer(res)) for (const name in headers) if (!res.headers.has(name)) res.headers.set(name, headers[name]!); // check: security-headers-foreign-answers
    const status = res.status;
    const route = routePath(c, -1) || 'unmatched';
    const seconds = (performance.now() - start) / 1000;
    metrics.observeRequest(c.req.method, route, status, seconds);
    const level = status >= 500 ? 'error' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        { reqId: id, method: c.req.method, route, status, ms: Math.round(seconds * 10_000) / 10, ...logFields },
        'request',
      );
    }
    return refused;
  };
}
