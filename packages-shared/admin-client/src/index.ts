/**
 * A typed client of Tessera's admin API: openapi-fetch over the types generated from the
 * service's OpenAPI document (src/openapi.ts, from openapi.json). Paths, parameters, bodies and
 * answers are checked by the compiler against the document the service serves. `data()` turns an
 * answer into its body, or throws an AdminApiError carrying the envelope's stable code.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.js';

export type { components, operations, paths } from './openapi.js';
export type Schemas = components['schemas'];

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    /** The HTTP status; 0 when the service could not be reached. */
    readonly status: number,
    /** The error envelope's code (`unreachable` or `bad_response` when there was none). */
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export type AdminClient = Client<paths>;

/** A client for the admin API at `baseUrl` (the service's URL), sending `token` on every call. */
export function createAdminClient(baseUrl: string, token: string, opts: { userAgent?: string } = {}): AdminClient {
  const client = createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetch: (request) =>
      fetch(request).catch(() => {
        throw new AdminApiError(0, 'unreachable', `cannot reach the Tessera service at ${baseUrl}`);
      }),
  });
  client.use({
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${token}`);
      // The audit log tells the CLI from other admin API callers by this.
      if (opts.userAgent) request.headers.set('user-agent', opts.userAgent);
      return request;
    },
  });
  return client;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The body of a successful answer; otherwise an AdminApiError with the envelope's code and message. */
export async function data<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data: body, error, response } = await call;
  if (response.ok && body !== undefined) return body;
  const envelope = (
    error as { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } } | undefined
  )?.error;
  if (envelope?.code) throw new AdminApiError(response.status, envelope.code, envelope.message ?? '', envelope.issues);
  throw new AdminApiError(response.status, 'bad_response', `unexpected answer (HTTP ${response.status})`);
}
