/**
 * createApp in memory, with fakes: what every route shares (the error envelope for unknown paths
 * and methods, draining, the store being down, unexpected throws, request ids, body limits).
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_BODY_LIMIT, PUBLIC_BODY_LIMIT } from './app.js';
import { testApp } from './http/testing/client.js';
import { ADMIN, IDS, ORIGIN, rejecting } from './http/testing/fakes.js';
import { StoreUnavailableError } from './platform/db.js';

const TENANTS = '/admin/v1/tenants';
const SESSIONS = `/v1/sites/${IDS.siteKey}/sessions`;

describe('routing', () => {
  // Hono's SmartRouter keeps the first router that accepts every route: its RegExpRouter (one
  // regular expression per method) matched the session route in 0.5-0.8 us where the TrieRouter it
  // falls back to took 2.2-3.1 us (bench/src/profile-diff.ts showed the trie's handler sets on every
  // request). One route with a static segment beside a parameter (conversations/export beside
  // conversations/{id}) was enough to fall back.
  it('every route fits the RegExpRouter', async () => {
    const { app, call } = testApp();
    await call('GET', '/healthz');
    expect(app.router.name).toBe('SmartRouter + RegExpRouter');
  });
});

describe('unknown paths and methods', () => {
  it('answers an unknown path with the not_found envelope', async () => {
    const { call } = testApp();
    const res = await call('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', requestId: res.headers.get('x-request-id') });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  // Check: method-not-allowed (app.ts notFound: 405 with Allow for a known path).
  it('answers a known path with another method 405, with Allow', async () => {
    const { call } = testApp();
    const res = await call('PUT', TENANTS, { headers: ADMIN });
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('answers HEAD wherever GET is served', async () => {
    const { call } = testApp();
    const res = await call('HEAD', '/healthz');
    expect([res.status, res.text]).toEqual([200, '']);
  });
});

describe('draining', () => {
  it('refuses requests with 503 shutting_down, Retry-After and Connection: close', async () => {
    const { call, deps } = testApp();
    deps.lifecycle.startDrain();
    const res = await call('GET', TENANTS, { headers: ADMIN });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'shutting_down', retryAfter: 1 });
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('connection')).toBe('close');
    expect(deps.calls).toEqual([]);
  });

  it('still answers the liveness probe and says it is not ready', async () => {
    const { call, deps } = testApp();
    deps.lifecycle.startDrain();
    expect((await call('GET', '/healthz')).status).toBe(200);
    const ready = await call('GET', '/readyz');
    expect([ready.status, ready.body.error.code]).toEqual([503, 'shutting_down']);
  });

  it('still serves metrics to the admin', async () => {
    const { call, deps } = testApp();
    deps.lifecycle.startDrain();
    expect((await call('GET', '/metrics', { headers: ADMIN })).status).toBe(200);
  });
});

describe('failures', () => {
  it('turns the store being down into 503 service_unavailable with Retry-After', async () => {
    const { call } = testApp({
      tenants: {
        list: async () => {
          throw new StoreUnavailableError('connect ECONNREFUSED 10.0.0.5:5432');
        },
      },
    });
    const res = await call('GET', TENANTS, { headers: ADMIN });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'service_unavailable', retryAfter: 5 });
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.text).not.toContain('10.0.0.5');
  });

  it('turns an unexpected throw into 500 internal_error without its message', async () => {
    const { call, deps } = testApp({
      tenants: {
        list: async () => {
          throw new TypeError('secret internals at /srv/app.js:12');
        },
      },
    });
    const res = await call('GET', TENANTS, { headers: ADMIN });
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'internal_error', message: 'Something went wrong.', requestId: expect.any(String) });
    expect(res.text).not.toMatch(/secret|srv|TypeError/);
    expect(deps.logLines.some((l) => l.msg === 'unhandled error')).toBe(true);
  });

  it('answers a ServiceError from a service with its own envelope, message and headers', async () => {
    const { call } = testApp({
      signingKeys: {
        rotate: rejecting('conflict', { message: 'Not now.', headers: { 'x-extra': '1' } }),
      },
    });
    const res = await call('POST', '/admin/v1/signing-keys/rotate', { headers: ADMIN });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: 'Not now.' });
    expect(res.headers.get('x-extra')).toBe('1');
  });
});

describe('request ids', () => {
  it('gives each answer an X-Request-Id, also in its error envelope', async () => {
    const { call } = testApp();
    const [a, b] = [await call('GET', '/nope'), await call('GET', '/nope')];
    expect(a.headers.get('x-request-id')).toBeTruthy();
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    expect(a.body.error.requestId).toBe(a.headers.get('x-request-id'));
  });

  it("keeps a caller's request id of sane length", async () => {
    const { call } = testApp();
    const res = await call('GET', '/healthz', { headers: { 'x-request-id': 'from-the-proxy-1' } });
    expect(res.headers.get('x-request-id')).toBe('from-the-proxy-1');
  });

  // Check: request-id-pattern (http/middleware/request-context.ts: only a well-formed X-Request-Id is kept).
  it('replaces an over-long request id', async () => {
    const { call } = testApp();
    const res = await call('GET', '/healthz', { headers: { 'x-request-id': 'x'.repeat(65) } });
    expect(res.headers.get('x-request-id')).not.toBe('x'.repeat(65));
  });
});

describe('body limits', () => {
  // Check: body-limit-by-route (http/spec.ts mount: the public limit for browser-facing routes).
  it(`caps browser-facing bodies at ${PUBLIC_BODY_LIMIT} bytes`, async () => {
    const { call } = testApp();
    const headers = { origin: ORIGIN, 'content-type': 'application/json' };
    const body = JSON.stringify({ resume: 'x'.repeat(PUBLIC_BODY_LIMIT) });
    expect((await call('POST', SESSIONS, { headers, body })).status).toBe(413);
  });

  it(`caps admin bodies at ${ADMIN_BODY_LIMIT} bytes, not at the browser's limit`, async () => {
    const { call } = testApp();
    const headers = { ...ADMIN, 'content-type': 'application/json' };
    const within = JSON.stringify({ name: 'Acme', email: `${'a'.repeat(PUBLIC_BODY_LIMIT)}@x.example` });
    expect((await call('POST', TENANTS, { headers, body: within })).status).toBe(400); // read, then refused by the schema
    const over = JSON.stringify({ name: 'x'.repeat(ADMIN_BODY_LIMIT) });
    expect((await call('POST', TENANTS, { headers, body: over })).status).toBe(413);
  });
});
