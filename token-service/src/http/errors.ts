/**
 * The one place a thrown value becomes an answer: a ServiceError becomes its error envelope; the
 * store being down a 503; Hono's own exceptions keep their status class, not their text; anything
 * else is logged (type and message only) and answered with a plain `internal_error`.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { ServiceError, StoreUnavailableError } from '../errors.js';
import type { AppEnv } from './context.js';
import { json } from './response.js';

/**
 * Answer with the error envelope through the context, so headers prepared by middleware (security
 * headers, CORS, rate-limit state) are part of error responses too.
 */
export function errorResponse(c: Context<AppEnv>, err: ServiceError, requestId?: string): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...err.headers };
  if (err.retryAfter !== undefined) headers['retry-after'] = String(err.retryAfter);
  return json(c, { error: err.toBody(requestId) }, err.status, headers);
}

export function toErrorResponse(err: unknown, c: Context<AppEnv>, logger: Logger): Response {
  const reqId = c.get('requestId');
  if (err instanceof ServiceError) return errorResponse(c, err, reqId);
  if (err instanceof StoreUnavailableError) {
    logger.error({ reqId }, 'database unavailable');
    return errorResponse(c, new ServiceError('service_unavailable', { retryAfter: 5 }), reqId);
  }
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'payload_too_large' : err.status >= 500 ? 'internal_error' : 'invalid_request';
    return errorResponse(c, new ServiceError(code), reqId);
  }
  logger.error({ reqId, error: { type: (err as Error).name, message: (err as Error).message } }, 'unhandled error');
  return errorResponse(c, new ServiceError('internal_error'), reqId);
}
