/**
 * The ChatBotKit error model: every error body is {message, code}, the status follows from the code
 * (doc §3.1), NOT_AUTHORIZED and LIMITS_REACHED also set X-Failure-Code, and no Retry-After is ever
 * sent. Handlers throw ApiError; app.onError is the one place that turns it into a response.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: 'Bad request' },
  NOT_AUTHENTICATED: { status: 401, message: 'Not authenticated' },
  NO_SUBSCRIPTION: { status: 402, message: 'No subscription' },
  NOT_AUTHORIZED: { status: 403, message: 'Not authorized' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  TIMEOUT: { status: 408, message: 'Timeout' },
  CONFLICT: { status: 409, message: 'Conflict' },
  UNPROCESSABLE_ENTITY: { status: 422, message: 'Unprocessable entity' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests' },
  LIMITS_REACHED: {
    status: 429,
    message: 'You have exceeded your allocated rate limits: rate/message',
  },
  INTERNAL_SERVER_ERROR: { status: 500, message: 'Internal server error' },
  GENERIC_ERROR: { status: 500, message: 'Something went wrong' },
  NOT_IMPLEMENTED: { status: 501, message: 'Not implemented' },
  BAD_GATEWAY: { status: 502, message: 'Bad gateway' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'Service unavailable' },
  GATEWAY_TIMEOUT: { status: 504, message: 'Gateway timeout' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes the server repeats in an X-Failure-Code header. */
const FAILURE_CODE_HEADER: ReadonlySet<string> = new Set(['NOT_AUTHORIZED', 'LIMITS_REACHED']);

/** The code a bare status maps to (used by the 'status' fault when no code is given). */
const STATUS_DEFAULT_CODE: Readonly<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'NOT_AUTHENTICATED',
  402: 'NO_SUBSCRIPTION',
  403: 'NOT_AUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'LIMITS_REACHED',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(code: ErrorCode, message?: string, status?: number) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status ?? ERROR_CODES[code].status;
  }
}

export function defaultCodeForStatus(status: number): string {
  return STATUS_DEFAULT_CODE[status] ?? (status >= 500 ? 'GENERIC_ERROR' : 'BAD_REQUEST');
}

export function defaultMessageForCode(code: string): string {
  return isErrorCode(code) ? ERROR_CODES[code].message : 'Something went wrong';
}

/** Build the wire response for an error: JSON {message, code} plus the failure-code header. */
export function errorResponse(status: number, code: string, message: string): Response {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  if (FAILURE_CODE_HEADER.has(code)) headers.set('X-Failure-Code', code);
  return new Response(JSON.stringify({ message, code }), { status, headers });
}

export function apiErrorResponse(error: ApiError): Response {
  return errorResponse(error.status, error.code, error.message);
}

export const notFound = (what: string): ApiError => new ApiError('NOT_FOUND', `${what} not found`);
export const notAuthorized = (): ApiError => new ApiError('NOT_AUTHORIZED');
export const badRequest = (message?: string): ApiError => new ApiError('BAD_REQUEST', message);
