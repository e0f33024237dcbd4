/**
 * ServiceError carries a stable protocol code; `toErrorResponse` is the one place that turns any
 * thrown value into the wire envelope. Unknown errors become `internal_error` with no detail.
 */
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

/** Build the JSON response for an error; the body never carries anything but code and safe text. */
export function errorResponse(err: ServiceError, requestId?: string): Response {
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...err.headers,
  });
  if (err.retryAfter !== undefined) headers.set('retry-after', String(err.retryAfter));
  return new Response(JSON.stringify({ error: err.toBody(requestId) }), { status: err.status, headers });
}
