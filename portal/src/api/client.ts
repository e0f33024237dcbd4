/**
 * The HTTP layer of the portal's API: same-origin JSON with the session cookie, the one error
 * envelope turned into an ApiError (callers branch on `code`), and `unauthenticated` reported once
 * to whoever sends the person to sign in.
 */
import type * as Wire from '@tessera/protocol/types';

export const API_BASE = '/portal/api';

export class ApiError extends Error {
  readonly code: Wire.ErrorCode | 'network_error' | 'unknown';
  readonly status: number;
  readonly issues: { path: string; message: string }[];
  readonly retryAfter: number | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, body: Partial<Wire.ErrorBody> | undefined, fallback = 'Something went wrong.') {
    super(body?.message ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = (body?.code as Wire.ErrorCode | undefined) ?? (status === 0 ? 'network_error' : 'unknown');
    this.issues = body?.issues ?? [];
    this.retryAfter = body?.retryAfter;
    this.requestId = body?.requestId;
  }

  /** Messages by request field (`email`, `site.allowedOrigins.0`), for showing beside each field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { path, message } of this.issues) out[path] = out[path] ? `${out[path]}; ${message}` : message;
    return out;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body (an uploaded image) sent as is, with this content type. */
  raw?: { data: Blob; type: string };
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** The JSON body's media type (a merge patch is `application/merge-patch+json`). */
  contentType?: string;
}

export type Transport = <T>(method: string, path: string, options?: RequestOptions) => Promise<T>;

export function createTransport(onUnauthenticated: () => void): Transport {
  return async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(API_BASE + path, location.origin);
    for (const [k, v] of Object.entries(options.query ?? {}))
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.type || 'application/octet-stream';
      body = options.raw.data;
    } else if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      body = JSON.stringify(options.body);
    }
    let res: Response;
    try {
      // The page is served with `Referrer-Policy: no-referrer`, under which browsers send `Origin: null`
      // on a POST; the service's CSRF check needs the real Origin, which this policy keeps (same origin only).
      res = await fetch(url, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        referrerPolicy: 'same-origin',
        signal: options.signal ?? null,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, undefined, 'The service could not be reached. Check your connection and try again.');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return json as T;
    const error = new ApiError(res.status, (json as Wire.ErrorEnvelope | undefined)?.error);
    if (error.code === 'unauthenticated') onUnauthenticated();
    throw error;
  };
}
