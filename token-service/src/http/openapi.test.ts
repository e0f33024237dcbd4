/** The OpenAPI document from the route specs: the errors each kind of route shares, the envelope, merge patches. */
import { describe, expect, it } from 'vitest';
import { openapiDocument } from './openapi.js';
import { ROUTES } from './routes/index.js';
import { documentedCodes } from './testing/client.js';

const doc = openapiDocument(ROUTES, { version: '9.9.9', serverUrl: 'https://chat.partner.example' });
type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[] };
const operation = (path: string, method: string) => (doc.paths as Record<string, Record<string, Operation>>)[path]![method]!;

describe('openapiDocument', () => {
  it('describes the service at its public URL and version', () => {
    expect([doc.openapi, doc.info.version, doc.servers]).toEqual(['3.1.0', '9.9.9', [{ url: 'https://chat.partner.example' }]]);
  });

  it.each(ROUTES.map((r) => [r.id, r] as const))('%s documents 500 internal_error and 503 shutting_down', (_, spec) => {
    expect(documentedCodes(spec, 500)).toEqual(['internal_error']);
    expect(documentedCodes(spec, 503)).toEqual(expect.arrayContaining(['shutting_down', 'service_unavailable']));
  });

  it('documents 401 admin_unauthorized and the admin token on every admin route', () => {
    for (const spec of ROUTES.filter((r) => r.auth === 'admin')) {
      expect(documentedCodes(spec, 401), spec.id).toContain('admin_unauthorized');
      expect(operation(spec.path, spec.method).security, spec.id).toEqual([{ adminToken: [] }]);
    }
  });

  it('documents the per-IP limit and the site lookup on every browser-facing route', () => {
    for (const spec of ROUTES.filter((r) => r.path.startsWith('/v1/sites/'))) {
      expect(documentedCodes(spec, 429), spec.id).toContain('rate_limited');
      expect(documentedCodes(spec, 404), spec.id).toContain('site_not_found');
      expect(documentedCodes(spec, 403), spec.id).toContain('site_suspended');
    }
  });

  it('gives every error answer the error envelope (a page for people answers its own HTML where its spec says so)', () => {
    for (const spec of ROUTES) {
      for (const [status, answer] of Object.entries(operation(spec.path, spec.method).responses)) {
        const page = spec.answers[Number(status)]?.contentType === 'text/html';
        if (Number(status) >= 400 && !page)
          expect(answer.content?.['application/json']?.schema, `${spec.id} ${status}`).toEqual({
            $ref: '#/components/schemas/ErrorEnvelope',
          });
      }
    }
  });

  it('takes a JSON merge patch on every PATCH', () => {
    for (const spec of ROUTES.filter((r) => r.method === 'patch')) {
      const body = (operation(spec.path, spec.method) as unknown as { requestBody: { content: Record<string, unknown> } })
        .requestBody;
      expect(Object.keys(body.content), spec.id).toEqual(['application/json', 'application/merge-patch+json']);
    }
  });
});
