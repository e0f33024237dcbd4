/**
 * ApiError: a failed call, with the protocol's stable `code` (or a widget-local one: `offline`,
 * `network`, `too_long`, `bad_response`). Callers branch on the code, never on the message.
 */
import type { ErrorCode } from '@tessera/protocol/types';

export type WidgetErrorCode = ErrorCode | 'offline' | 'network' | 'too_long' | 'bad_response';

export class ApiError extends Error {
  override name = 'ApiError';
  /**
   * The launcher's script and the panel's module each bundle this class: an error made by one is
   * still an ApiError to the other.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (value as Error | null)?.name === 'ApiError';
  }
  constructor(
    readonly code: WidgetErrorCode | (string & {}),
    /** HTTP status; 0 when there was no response (network, stream event). */
    readonly status: number,
    message = code,
    /** Seconds until a retry may succeed, when the service said so. */
    readonly retryAfter?: number,
    readonly retryable = status === 0 || status === 429 || status >= 500,
  ) {
    super(message);
  }
}

/** Whether `err` is an ApiError with one of `codes` (the protocol's code groups, or a literal list). */
export const hasCode = (err: unknown, codes: readonly WidgetErrorCode[]): boolean =>
  err instanceof ApiError && codes.includes(err.code as WidgetErrorCode);

/** `Retry-After` is seconds or an HTTP date; the body's `retryAfter` (seconds) wins when present. */
export function retryAfterOf(body: unknown, header: string | null): number | undefined {
  if (typeof body === 'number' && body >= 0) return body;
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
