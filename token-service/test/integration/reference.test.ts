/**
 * The API reference page (src/reference) in Debian's Chromium, behind the service's security headers,
 * on a real loopback port reached under a non-localhost name: the page must render every operation of
 * a realistic OpenAPI 3.1 document with zero CSP violations, load nothing from another host, and Try
 * it out must reach the same origin. Screenshots go to test-results/reference*.png.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/http/middleware/security-headers.js';
import { referenceRoutes } from '../../src/reference/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';

const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));
/** Not localhost: Swagger UI treats localhost specially (its validator badge), production never is. */
const HOST = 'reference.tessera.test';
const ADMIN_TOKEN = 'adm_reference_test_token';
const TENANT_ID = 'tn_0123456789abcdefABCDEF';

/*
 * The document, written out here so that this test checks the page and not the generator: schemas in
 * the shape zod's JSON Schema output takes (2020-12 `type` arrays and `anyOf` for nullable, patterns,
 * `additionalProperties: false`), referring to each other through components.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const failure = (description: string) => ({ description, content: json(ref('ErrorEnvelope')) });
const str = (pattern?: string) => (pattern ? { type: 'string', pattern } : { type: 'string' });
const int = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const pathId = (name: string, prefix: string) => ({
  name,
  in: 'path',
  required: true,
  schema: str(`^${prefix}_[0-9A-Za-z]{22}$`),
});
const siteKey = { ...pathId('siteKey', 'pk'), description: 'The public site key.' };
const ERROR_CODES = [
  'invalid_request',
  'origin_not_allowed',
  'token_invalid',
  'rate_limited',
  'admin_unauthorized',
  'tenant_not_found',
];

const DOC = {
  openapi: '3.1.0',
  info: { title: 'Tessera token service', version: '0.1.0', description: 'Maps public **site keys** to tenants.' },
  tags: [
    { name: 'Admin: sites', description: 'The partner API.' },
    { name: 'Sessions', description: 'Visitor sessions, minted for allowed origins.' },
    { name: 'Conversations', description: "A visitor's conversations and the answer stream." },
  ],
  paths: {
    '/admin/v1/tenants/{tenantId}/sites': {
      parameters: [pathId('tenantId', 'tn')],
      post: {
        operationId: 'createSite',
        tags: ['Admin: sites'],
        summary: 'Create a site',
        description: 'Returns the `siteKey` and the `embedSnippet` to paste.',
        security: [{ adminToken: [] }],
        requestBody: { required: true, content: json(ref('CreateSiteRequest')) },
        responses: {
          '201': { description: 'The new site.', content: json(ref('Site')) },
          '400': failure('Invalid request'),
          '401': { $ref: '#/components/responses/AdminUnauthorized' },
          '404': failure('No such tenant'),
        },
      },
      get: {
        operationId: 'listSites',
        tags: ['Admin: sites'],
        summary: "List the tenant's sites",
        security: [{ adminToken: [] }],
        responses: {
          '200': { description: 'The sites.', content: json(object({ items: { type: 'array', items: ref('Site') } })) },
          '401': { $ref: '#/components/responses/AdminUnauthorized' },
        },
      },
    },
    '/v1/sites/{siteKey}/sessions': {
      post: {
        operationId: 'createSession',
        tags: ['Sessions'],
        summary: 'Mint a visitor session',
        description: "Only from an origin on the site's allow-list.",
        parameters: [siteKey],
        requestBody: { content: json(ref('SessionRequest')) },
        responses: {
          '201': { description: 'A token valid 10 minutes.', content: json(ref('SessionResponse')) },
          '403': failure('Origin not allowed'),
          '429': { $ref: '#/components/responses/RateLimited' },
        },
      },
    },
    '/v1/sites/{siteKey}/conversations': {
      parameters: [siteKey],
      post: {
        operationId: 'createConversation',
        tags: ['Conversations'],
        summary: 'Start a conversation',
        security: [{ visitorSession: [] }],
        requestBody: { required: true, content: json(object({})) },
        responses: {
          '201': {
            description: 'Created.',
            content: json(object({ conversationId: str('^cv_[0-9A-Za-z]{22}$'), createdAt: int })),
          },
          '401': failure('No valid session'),
        },
      },
    },
    '/v1/sites/{siteKey}/conversations/{conversationId}/messages': {
      parameters: [siteKey, pathId('conversationId', 'cv')],
      post: {
        operationId: 'sendMessage',
        tags: ['Conversations'],
        summary: 'Send a message and stream the answer',
        description: '`token` events, then exactly one `done` or `error` event.',
        security: [{ visitorSession: [] }],
        requestBody: { required: true, content: json(object({ text: { type: 'string', minLength: 1, maxLength: 4000 } })) },
        responses: {
          '200': {
            description: 'The answer stream.',
            content: { 'text/event-stream': { schema: { oneOf: [ref('TokenEvent'), ref('DoneEvent'), ref('ErrorEvent')] } } },
          },
          '404': failure("Not this visitor's conversation"),
          '429': { $ref: '#/components/responses/RateLimited' },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      adminToken: { type: 'http', scheme: 'bearer', description: "The partner's admin token (`TESSERA_ADMIN_TOKEN`)." },
      visitorSession: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A visitor session token.' },
    },
    responses: {
      AdminUnauthorized: failure('Missing or wrong admin token'),
      RateLimited: {
        description: 'A rate limit was hit',
        headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
        content: json(ref('ErrorEnvelope')),
      },
    },
    schemas: {
      Theme: object(
        {
          accentColor: str('^#[0-9a-fA-F]{6}$'),
          radius: { type: 'integer', minimum: 0, maximum: 32 },
          colorScheme: { type: 'string', enum: ['light', 'dark', 'auto'] },
        },
        [],
      ),
      CreateSiteRequest: object(
        {
          name: { type: 'string', minLength: 1, maxLength: 120 },
          allowedOrigins: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', maxLength: 300 } },
          botId: str('^[0-9A-Za-z_-]{1,64}$'),
          theme: ref('Theme'),
          greeting: { anyOf: [{ type: 'string', minLength: 1, maxLength: 500 }, { type: 'null' }] },
        },
        ['name', 'allowedOrigins', 'botId'],
      ),
      Site: object({
        id: str('^st_[0-9A-Za-z]{22}$'),
        siteKey: str('^pk_[0-9A-Za-z]{22}$'),
        name: str(),
        status: { type: 'string', enum: ['active', 'suspended'] },
        allowedOrigins: { type: 'array', items: str() },
        theme: ref('Theme'),
        greeting: { type: ['string', 'null'] },
        createdAt: int,
        embedSnippet: { type: 'string', description: 'The exact tag a customer pastes into their pages.' },
      }),
      SessionRequest: object({ resume: { type: 'string', minLength: 1, maxLength: 4096 } }, []),
      SessionResponse: object({ token: str(), expiresAt: int, visitorId: str('^vi_[0-9A-Za-z]{22}$') }),
      TokenEvent: object({ token: str() }),
      DoneEvent: object({
        messageId: { type: ['string', 'null'] },
        text: str(),
        finishReason: { type: 'string', enum: ['stop', 'length'] },
      }),
      ErrorEvent: object({ code: { type: 'string', enum: ERROR_CODES }, message: str(), retryable: { type: 'boolean' } }),
      ErrorBody: object(
        {
          code: { type: 'string', enum: ERROR_CODES },
          message: str(),
          retryAfter: { type: 'integer', minimum: 0 },
          issues: { type: 'array', items: object({ path: str(), message: str() }) },
          requestId: str(),
        },
        ['code', 'message'],
      ),
      ErrorEnvelope: object({ error: ref('ErrorBody') }),
    },
  },
};
const OPERATIONS = Object.entries(DOC.paths).flatMap(([path, item]) =>
  (['get', 'post'] as const).filter((m) => m in item).map((method) => ({ method, path })),
);

let server: ServerType;
let browser: Browser;
let base: string;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.use(securityHeaders({ hsts: false }));
  app.get('/openapi.json', (c) => c.json(DOC));
  // A stand-in for the admin route, for Try it out.
  app.get('/admin/v1/tenants/:tenantId/sites', (c) =>
    c.req.header('authorization') === `Bearer ${ADMIN_TOKEN}`
      ? c.json({ items: [{ id: 'st_reference', name: 'velo-bikes.example' }] })
      : c.json({ error: { code: 'admin_unauthorized', message: 'A valid admin token is required.' } }, 401),
  );
  app.route('/reference', referenceRoutes({ openapiUrl: '/openapi.json', title: 'Tessera API reference' }));
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
  base = `http://${HOST}:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  });
  await mkdir(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface Watched {
  page: Page;
  violations: () => Promise<string[]>;
  consoleErrors: string[];
  requests: string[];
  bytes: () => Promise<number>;
}

/** A page that records CSP violations (from its first script on), console errors and every request. */
async function openReference(width: number): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as any).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => consoleErrors.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  const requests: string[] = [];
  const sizes: Promise<number>[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfinished', (r) => sizes.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
  await page.goto(`${base}/reference`);
  await page
    .locator('.opblock')
    .nth(OPERATIONS.length - 1)
    .waitFor();
  // The page lists operations closed (a real document with every operation open took 30 s to
  // render); open them all, as a reader would, to check what each shows.
  const closed = page.locator('.opblock:not(.is-open) .opblock-summary-control');
  while ((await closed.count()) > 0) await closed.first().click();
  await page
    .locator('.opblock.is-open')
    .nth(OPERATIONS.length - 1)
    .waitFor();
  return {
    page,
    violations: () => page.evaluate(() => (window as any).__cspViolations as string[]),
    consoleErrors,
    requests,
    bytes: async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0),
  };
}

describe('GET /reference', () => {
  it('answers the page with its own strict CSP and no-cache, and each asset with its type and a long cache', async () => {
    const page = await fetch(`http://127.0.0.1:${port}/reference`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).not.toMatch(/unsafe-|strict-dynamic|nonce-|\*|https?:/);
    const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
    });
    expect(directives['frame-ancestors']).toBe("'none'");

    const html = await page.text();
    const assets = [...html.matchAll(/(?:href|src)="(\/reference\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.map((a) => a.split('/').pop()).sort()).toEqual(
      ['favicon-32x32.png', 'reference.css', 'reference.js', 'swagger-ui-bundle.js', 'swagger-ui.css'].sort(),
    );
    const types: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      png: 'image/png',
    };
    for (const path of assets) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(types[path.split('.').pop()!]);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      await res.arrayBuffer();
    }
  });

  it('renders every operation, its schemas and its security in Chromium with no CSP violation and nothing from another host', async () => {
    const { page, violations, consoleErrors, requests, bytes } = await openReference(1280);
    await page.screenshot({ path: `${RESULTS}reference.png`, fullPage: true });
    // Swagger UI lists what it could not resolve in an "Errors" box: the document rendered whole.
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    for (const { method, path } of OPERATIONS) {
      const op = page.locator(`.opblock-${method}`, { has: page.locator(`[data-path="${path}"]`) });
      await expect(op.locator('.opblock-summary-method').first().innerText()).resolves.toBe(method.toUpperCase());
      expect(await op.first().isVisible(), `${method} ${path}`).toBe(true);
    }
    const createSite = page.locator('.opblock-post', { has: page.locator('[data-path="/admin/v1/tenants/{tenantId}/sites"]') });
    // Request body, a response schema's field, the error envelope's fields, each response status.
    await expect(createSite.getByText('allowedOrigins', { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(createSite.getByText('embedSnippet', { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(createSite.getByText('retryAfter', { exact: true }).first().isVisible()).resolves.toBe(true);
    for (const status of ['201', '400', '401']) {
      await expect(createSite.locator('.response-col_status', { hasText: status }).first().isVisible()).resolves.toBe(true);
    }
    // Which credential each operation needs.
    await expect(createSite.locator('.reference-security').innerText()).resolves.toMatch(
      /adminToken Bearer token\s+The partner's admin token/,
    );
    const send = page.locator('.opblock-post', { has: page.locator('[data-path$="/messages"]') });
    await expect(send.locator('.reference-security').innerText()).resolves.toMatch(/visitorSession Bearer token \(JWT\)/);
    await expect(send.locator('.responses-wrapper select.content-type').first().inputValue()).resolves.toBe('text/event-stream');
    const session = page.locator('.opblock-post', { has: page.locator('[data-path$="/sessions"]') });
    await expect(session.locator('.reference-security').innerText()).resolves.toMatch(/None/);

    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((url) => new URL(url).origin !== base)).toEqual([]);
    const total = await bytes();
    console.log(`reference page: ${requests.length} requests, ${total} bytes over the wire`);
    expect(total).toBeLessThan(700_000); // gzip: about 490 KB; uncompressed it would be 1.9 MB
    await page.close();
  }, 60_000);

  it('Try it out sends the admin token to the same origin and shows the answer', async () => {
    const { page, violations, consoleErrors } = await openReference(1280);
    await page.locator('.auth-wrapper button.authorize').click();
    const adminScheme = page.locator('.modal-ux .auth-container', { hasText: 'adminToken' });
    await adminScheme.locator('input').fill(ADMIN_TOKEN);
    await adminScheme.locator('button.authorize').click();
    await page.locator('.modal-ux button.close-modal').click();

    const list = page.locator('.opblock-get', { has: page.locator('[data-path="/admin/v1/tenants/{tenantId}/sites"]') });
    await list.locator('button.try-out__btn').click();
    await list.locator('input[placeholder="tenantId"]').fill(TENANT_ID);
    await list.locator('button.execute').click();
    const live = list.locator('.live-responses-table');
    await live.locator('.response-col_status', { hasText: '200' }).waitFor();
    await expect(live.innerText()).resolves.toContain('velo-bikes.example');
    await expect(list.locator('.curl-command').innerText()).resolves.toContain(`${base}/admin/v1/tenants/${TENANT_ID}/sites`);

    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits a 390 px phone screen', async () => {
    const { page, violations, consoleErrors } = await openReference(390);
    await page.screenshot({ path: `${RESULTS}reference-390.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
