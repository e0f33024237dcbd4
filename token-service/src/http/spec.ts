/**
 * Every route is declared once, as a spec: method, path, the zod schemas of its body, query and
 * answers, and the error codes it can give. `mount` registers the spec's handler on the app and
 * validates the body and query with the same schemas; http/openapi.ts turns the same specs into
 * the OpenAPI document; and the route tests check every answer against its spec (spec.test.ts).
 */
import { ERROR_CODES, type ErrorCode, type Wire } from '@tessera/protocol';

type Role = Wire.Role;
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { ServiceError } from '../errors.js';
import type { AppEnv } from './context.js';
import { hasBody, readJson } from './json-body.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Browser-facing bodies are small: a message of 4,000 characters is at most ~16 KB of JSON. */
export const PUBLIC_BODY_LIMIT = 32 * 1024;
/** Admin bodies may carry a theme with a data: image and a long backstory. */
export const ADMIN_BODY_LIMIT = 256 * 1024;
/** Who may call: the partner (admin token), a visitor (session token), someone signed in to the portal, anyone. */
export type Auth = 'admin' | 'visitor' | 'portal' | 'none';

/** Who in the portal may call a route (checked in `mount`, before the handler). */
export interface PortalAccess {
  /** Only the partner's operators. */
  operatorOnly?: boolean;
  /** On `/tenants/{tenantId}/...`: the least role a member needs (operators may do everything). */
  role?: Role;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

export interface AnswerSpec {
  description: string;
  /** The JSON body's schema; absent for a body that is not JSON (see `contentType`). */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface RouteSpec<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
> {
  /** A stable name, also the OpenAPI operationId. */
  id: string;
  method: Method;
  /** OpenAPI-style path: `/admin/v1/tenants/{tenantId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: Auth;
  body?: B;
  /** The body may be left out (an empty body is read as `{}`). */
  bodyOptional?: boolean;
  query?: Q;
  /** Request headers the route reads (for the description; the handler parses them). */
  headers?: z.ZodObject;
  /** Successful answers by status. */
  answers: Record<number, AnswerSpec>;
  /** auth 'portal': who may call. */
  access?: PortalAccess;
  /** false: not a change worth an audit entry (a WebAuthn ceremony's options); unsafe routes are audited by default. */
  audit?: false;
  /** A raw (non-JSON) body of one of these media types, read by the handler (an uploaded image). */
  upload?: { contentTypes: string[] };
  /** Error codes this route itself can answer with (the ones every route of its kind shares are added by openapi.ts). */
  errors: ErrorCode[];
}

export interface Input<B, Q> {
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
}

export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B, Q>,
): RouteSpec<B, Q> {
  return spec;
}

/** `/a/{b}/c` -> `/a/:b/c` (Hono's pattern syntax). */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Register a spec's handler, after `use` (middleware of this route only); the body and query are
 * parsed with the spec's own schemas before the handler runs.
 */
export function mount<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  app: Hono<AppEnv>,
  spec: RouteSpec<B, Q>,
  handler: (c: Context<AppEnv>, input: Input<B, Q>) => Response | Promise<Response>,
  ...use: MiddlewareHandler<AppEnv>[]
): void {
  const { body, query } = spec;
  const bodyLimit = spec.auth === 'admin' || spec.auth === 'portal' ? ADMIN_BODY_LIMIT : PUBLIC_BODY_LIMIT; // check: body-limit-by-route
  const access = spec.auth === 'portal' ? portalAccess(spec.access ?? {}) : null;
  // A body the route lets a caller leave out: what it reads as, parsed once and shared (frozen) by
  // every request that sends none, such as the widget's session request (the hot path).
  const empty = spec.bodyOptional && body ? body.safeParse({}) : undefined;
  const absent = empty?.success ? Object.freeze(empty.data) : undefined;
  app.on([spec.method.toUpperCase()], [honoPath(spec.path)], ...use, async function handle(c: Context<AppEnv>) {
    if (access) access(c);
    if (spec.audit !== false) c.set('routeId', spec.id);
    const input = {
      query: query ? parseQuery(c, query) : undefined,
      body: body
        ? absent !== undefined && !hasBody(c)
          ? absent
          : await readJson(c, body, { optional: spec.bodyOptional ?? false, mergePatch: spec.method === 'patch', max: bodyLimit })
        : undefined,
    } as Input<B, Q>;
    if (spec.method !== 'get' && input.body && typeof input.body === 'object') c.set('auditFields', Object.keys(input.body));
    return handler(c, input);
  });
}

/**
 * The portal's role check: signed in (401), an operator where only operators may go (403), and on a
 * tenant's routes a membership of that tenant (404 otherwise, as if it did not exist: a member of
 * one customer learns nothing of another) with at least the route's role (403).
 */
function portalAccess(rule: PortalAccess) {
  return (c: Context<AppEnv>) => {
    const principal = c.get('principal');
    if (!principal) throw new ServiceError('unauthenticated'); // check: portal-signed-in
    if (principal.kind === 'operator') return;
    const tenantId = c.req.param('tenantId');
    const membership = tenantId === undefined ? undefined : principal.memberships.find((m) => m.tenantId === tenantId);
    if (tenantId !== undefined && !membership) throw new ServiceError('tenant_not_found'); // check: portal-tenant-isolation
    if (rule.operatorOnly) throw new ServiceError('forbidden'); // check: portal-operator-only
    if (!membership) return;
    if (RANK[membership.role] < RANK[rule.role ?? 'viewer']) throw new ServiceError('forbidden'); // check: portal-role
  };
}

function parseQuery<Q extends z.ZodType>(c: Context, schema: Q): z.output<Q> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return parsed.data;
  throw new ServiceError('invalid_request', {
    issues: parsed.error.issues
      .slice(0, 20)
      .map((i) => ({ path: i.path.map(String).join('.') || '(query)', message: i.message })),
  });
}

/** Errors of reading a JSON body (http/json-body.ts). */
export const BODY_ERRORS = [
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
] as const satisfies ErrorCode[];
/** Errors of a call to ChatBotKit, as the caller is told them (upstream/errors.ts). */
export const UPSTREAM_ERRORS = [
  'upstream_rate_limited',
  'upstream_error',
  'upstream_timeout',
  'upstream_unavailable',
] as const satisfies ErrorCode[];

/** The HTTP status of each error code, for documentation and checks. */
export const statusOf = (code: ErrorCode): number => ERROR_CODES[code].status;
