/**
 * The OpenAPI 3.1 document of the whole HTTP API, generated from the route specs (http/spec.ts)
 * and the protocol's zod schemas (named ones become components), so what is documented is what
 * validates. Every answer that is not a success carries the error envelope; which codes a route
 * can give is listed under each status.
 */
import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ERROR_CODES, type ErrorCode, ErrorEnvelope } from '@tessera/protocol';
import { z } from 'zod';
import type { Auth, RouteSpec } from './spec.js';

/** Errors any route of a kind can give, on top of its own. */
const SHARED_ERRORS: Record<Auth, ErrorCode[]> = {
  none: ['internal_error', 'shutting_down', 'service_unavailable'],
  visitor: ['internal_error', 'shutting_down', 'service_unavailable', 'rate_limited'],
  admin: ['admin_unauthorized', 'internal_error', 'shutting_down', 'service_unavailable'],
  portal: ['unauthenticated', 'internal_error', 'shutting_down', 'service_unavailable'],
};
const PORTAL_PREFIX = '/portal/';
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const VISITOR_PREFIX = '/v1/sites/';

export interface DocumentInfo {
  version: string;
  /** The service's public URL, the document's server. */
  serverUrl: string;
}

function errorsOf(spec: RouteSpec): Map<number, ErrorCode[]> {
  const codes = new Set<ErrorCode>([...spec.errors, ...SHARED_ERRORS[spec.auth]]);
  // Every browser-facing route is behind the per-IP limit and the site lookup.
  if (spec.path.startsWith(VISITOR_PREFIX))
    for (const c of ['rate_limited', 'site_not_found', 'site_suspended'] as const) codes.add(c);
  // Every unsafe portal request must come from the portal's own origin.
  if (spec.path.startsWith(PORTAL_PREFIX) && UNSAFE.has(spec.method)) codes.add('csrf_rejected');
  if (spec.access?.operatorOnly || spec.access?.role) codes.add('forbidden');
  if (spec.auth === 'portal' && spec.path.includes('{tenantId}')) codes.add('tenant_not_found');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

const params = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

export function openapiDocument(routes: RouteSpec[], info: DocumentInfo): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: "The partner's admin token (TESSERA_ADMIN_TOKEN).",
  });
  registry.registerComponent('securitySchemes', 'visitorToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A visitor session token from `POST /v1/sites/{siteKey}/sessions`.',
  });
  registry.registerComponent('securitySchemes', 'portalSession', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-portal',
    description: 'The portal session cookie set at sign-in (HttpOnly; the browser sends it).',
  });

  for (const spec of routes) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, answer] of Object.entries(spec.answers)) {
      const type = answer.contentType ?? 'application/json';
      responses[status] =
        status === '204'
          ? { description: answer.description }
          : { description: answer.description, content: { [type]: { schema: answer.schema ?? z.string() } } };
    }
    for (const [status, codes] of errorsOf(spec)) {
      responses[String(status)] = {
        description: codes.map((c) => `\`${c}\`: ${ERROR_CODES[c].message}`).join('\n\n'),
        content: { 'application/json': { schema: ErrorEnvelope } },
      };
    }
    const pathParams = params(spec.path);
    registry.registerPath({
      operationId: spec.id,
      method: spec.method,
      path: spec.path,
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.auth === 'admin'
        ? { security: [{ adminToken: [] }] }
        : spec.auth === 'visitor'
          ? { security: [{ visitorToken: [] }] }
          : {}),
      request: {
        ...(pathParams.length ? { params: z.object(Object.fromEntries(pathParams.map((p) => [p, z.string()]))) } : {}),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.upload
          ? {
              body: {
                required: true,
                content: Object.fromEntries(
                  spec.upload.contentTypes.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }]),
                ),
              },
            }
          : {}),
        ...(spec.body
          ? {
              body: {
                required: !spec.bodyOptional,
                content: {
                  'application/json': { schema: spec.body },
                  ...(spec.method === 'patch' ? { 'application/merge-patch+json': { schema: spec.body } } : {}),
                },
              },
            }
          : {}),
      },
      responses,
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tessera',
      version: info.version,
      description:
        'The token service of Tessera, a white-label chat widget for ChatBotKit partners. `/admin/v1` is the partner\'s API; `/v1/sites/{siteKey}` is what the widget calls from a customer\'s pages. Every error is `{"error": {"code", "message", …}}` with a stable `code`.',
    },
    servers: [{ url: info.serverUrl }],
    tags: [
      { name: 'Visitors', description: "What the widget calls, from pages on a site's allowed origins." },
      { name: 'Tenants', description: "The partner's customers, each a ChatBotKit sub-account." },
      { name: 'Bots' },
      { name: 'Sites' },
      { name: 'Usage' },
      { name: 'Signing keys' },
      { name: 'System' },
      { name: 'Portal: sign-in', description: 'Signing in to the portal: passwords, passkeys, links, sessions.' },
      { name: 'Portal: people', description: "Members of a customer, the partner's operators." },
      { name: 'Portal: console', description: "The partner's console: customers, brand kit, audit log." },
      { name: 'Members', description: "A customer's people and their roles (admin API)." },
      { name: 'Operators' },
      { name: 'Brand' },
      { name: 'Audit' },
    ],
  });
}
