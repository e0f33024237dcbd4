/**
 * ServiceError: a failure with a stable protocol code (and its HTTP status), thrown by the domain
 * services and the HTTP layer alike; http/errors.ts turns it into the wire envelope.
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

/** The database cannot be reached (down, restarting, network): a 503, not a bug. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
