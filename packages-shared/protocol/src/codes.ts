/**
 * The error vocabulary of the Tessera wire protocol, with no run-time dependency (the widget imports
 * this module and must not pull zod in). Callers branch on `code`, never on `message`.
 */

/** Every error code the service can put in an error envelope or an `error` stream event. */
export const ERROR_CODES = {
  // client mistakes
  invalid_request: { status: 400, retryable: false, message: 'The request is not valid.' },
  invalid_json: { status: 400, retryable: false, message: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, retryable: false, message: 'Send the body as application/json.' },
  payload_too_large: { status: 413, retryable: false, message: 'The request body is too large.' },
  method_not_allowed: { status: 405, retryable: false, message: 'This method is not allowed here.' },
  not_found: { status: 404, retryable: false, message: 'Not found.' },
  // sites and origins
  site_not_found: { status: 404, retryable: false, message: 'No site has this key.' },
  site_suspended: { status: 403, retryable: false, message: 'Chat is not available on this site.' },
  origin_not_allowed: { status: 403, retryable: false, message: 'Chat is not enabled on this site.' },
  // visitor sessions
  token_missing: { status: 401, retryable: false, message: 'A session token is required.' },
  token_invalid: { status: 401, retryable: false, message: 'The session token is not valid.' },
  token_expired: { status: 401, retryable: true, message: 'The session has expired.' },
  token_site_mismatch: { status: 403, retryable: false, message: 'The session belongs to another site.' },
  resume_rejected: { status: 401, retryable: false, message: 'The session can no longer be resumed.' },
  // signed-in visitors (identity tokens signed by the customer's backend)
  identity_invalid: { status: 401, retryable: false, message: 'The identity token is not valid.' },
  identity_expired: { status: 401, retryable: false, message: 'The identity token has expired.' },
  identity_wrong_site: { status: 401, retryable: false, message: 'The identity token is for another site.' },
  identity_required: { status: 401, retryable: false, message: 'This site requires a signed-in visitor.' },
  identity_not_configured: { status: 400, retryable: false, message: 'This site does not accept identity tokens.' },
  conversation_not_found: { status: 404, retryable: false, message: 'No such conversation.' },
  message_not_found: { status: 404, retryable: false, message: 'No such answer in this conversation.' },
  /** An answer log that is unknown, expired, another visitor's, or not reachable now (Redis down). */
  answer_not_found: { status: 404, retryable: false, message: 'This answer can no longer be followed.' },
  /** The terminal event of an answer the visitor stopped (seen by their other tabs). */
  answer_stopped: { status: 409, retryable: false, message: 'The answer was stopped.' },
  // limits
  rate_limited: { status: 429, retryable: true, message: 'Too many requests. Try again later.' },
  quota_exceeded: { status: 429, retryable: true, message: 'The daily message quota is used up.' },
  too_many_streams: { status: 429, retryable: true, message: 'Too many answers are streaming at once.' },
  // the upstream (ChatBotKit)
  upstream_rate_limited: { status: 429, retryable: true, message: 'The assistant is busy. Try again shortly.' },
  upstream_error: { status: 502, retryable: true, message: 'The assistant could not answer.' },
  upstream_timeout: { status: 504, retryable: true, message: 'The assistant took too long to answer.' },
  upstream_unavailable: { status: 503, retryable: true, message: 'The assistant is unavailable.' },
  stream_interrupted: { status: 502, retryable: true, message: 'The answer was interrupted.' },
  // the service itself
  service_unavailable: { status: 503, retryable: true, message: 'The service is unavailable.' },
  shutting_down: { status: 503, retryable: true, message: 'The service is restarting. Reconnect shortly.' },
  internal_error: { status: 500, retryable: true, message: 'Something went wrong.' },
  // partner admin API
  admin_unauthorized: { status: 401, retryable: false, message: 'A valid admin token is required.' },
  tenant_not_found: { status: 404, retryable: false, message: 'No such tenant.' },
  tenant_suspended: { status: 409, retryable: false, message: 'The tenant is suspended.' },
  bot_not_found: { status: 404, retryable: false, message: 'No such bot in this tenant.' },
  conflict: { status: 409, retryable: false, message: 'The request conflicts with the current state.' },
  member_not_found: { status: 404, retryable: false, message: 'No such member.' },
  operator_not_found: { status: 404, retryable: false, message: 'No such operator.' },
  // the portal
  unauthenticated: { status: 401, retryable: false, message: 'Sign in to continue.' },
  forbidden: { status: 403, retryable: false, message: 'Your role does not allow this.' },
  csrf_rejected: { status: 403, retryable: false, message: 'The request did not come from the portal.' },
  sign_in_failed: { status: 401, retryable: false, message: 'The email or password is not right.' },
  link_invalid: { status: 410, retryable: false, message: 'This link has expired or was already used.' },
  passkey_failed: { status: 400, retryable: false, message: 'The passkey could not be verified.' },
  invalid_image: { status: 422, retryable: false, message: 'The image is not a PNG, JPEG, WebP or ICO file of at most 256 KB.' },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
