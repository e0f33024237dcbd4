/**
 * ServiceError carries a stable protocol code; `toErrorResponse` is the one place that turns any
 * thrown value into the wire envelope. Unknown errors become `internal_error` with no detail.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode, type Wire } from '@tessera/protocol';

export interface ServiceErrorOptions {
  message?: string;
  retryAfter?: number;
  issues?: { path: string; message: string }[];
  headers?: Record<string, string>;
  cause?: unknown;
}

export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfter: number | undefined;
  readonly issues: { path: string; message: string }[] | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, opts: ServiceErrorOptions = {}) {
    super(opts.message ?? ERROR_CODES[code].message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retryAfter = opts.retryAfter;
    this.issues = opts.issues;
    this.headers = opts.headers ?? {};
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  toBody(requestId?: string): Wire.ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

/**
 * Answer with the error envelope through the context, so headers prepared by middleware (security
 * headers, CORS, rate-limit state) are part of error responses too.
 */
export function errorResponse(c: Context, err: ServiceError, requestId?: string): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...err.headers };
  if (err.retryAfter !== undefined) headers['retry-after'] = String(err.retryAfter);
  return c.json({ error: err.toBody(requestId) }, err.status as ContentfulStatusCode, headers);
}
