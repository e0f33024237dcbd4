/** How an upstream failure is told to the browser: a protocol code, never the upstream's words. */
import { ServiceError } from '../errors.js';
import { UpstreamError } from './client.js';

const RETRY_AFTER_SECONDS = 10;

export function toServiceError(err: unknown): unknown {
  if (!(err instanceof UpstreamError)) return err;
  switch (err.failure) {
    case 'rate_limited':
      return new ServiceError('upstream_rate_limited', { retryAfter: RETRY_AFTER_SECONDS, cause: err });
    case 'timeout':
      return new ServiceError('upstream_timeout', { cause: err });
    case 'unavailable':
      return new ServiceError('upstream_unavailable', { retryAfter: err.retryAfter ?? RETRY_AFTER_SECONDS, cause: err });
    default:
      return new ServiceError('upstream_error', { cause: err }); // check: upstream-error-text
  }
}

/** Await an upstream call, translating its failure. */
export async function viaUpstream<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw toServiceError(err);
  }
}
