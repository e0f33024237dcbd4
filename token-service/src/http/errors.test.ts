/** toErrorResponse: every thrown value becomes the one envelope; nothing internal reaches the wire. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import { StoreUnavailableError } from '../platform/db.js';
import { createLogger } from '../platform/logger.js';
import type { AppEnv } from './context.js';
import { toErrorResponse } from './errors.js';
import { setHeader } from './response.js';

function throwing(err: unknown) {
  const lines: Record<string, any>[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(JSON.parse(l)) });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('requestId', 'req-1');
    setHeader(c, 'x-set-before', 'kept');
    await next();
  });
  app.get('/', () => {
    throw err;
  });
  app.onError((e, c) => toErrorResponse(e, c, logger));
  return {
    lines,
    async answer() {
      const res = await app.request('/');
      return { status: res.status, headers: res.headers, text: await res.clone().text(), body: (await res.json()) as any };
    },
  };
}

describe('toErrorResponse', () => {
  it('answers a ServiceError with its code, status, message and request id, never cached', async () => {
    const res = await throwing(new ServiceError('tenant_not_found')).answer();
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'tenant_not_found', message: 'No such tenant.', requestId: 'req-1' } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('gives Retry-After as a header and in the envelope', async () => {
    const res = await throwing(new ServiceError('rate_limited', { retryAfter: 7 })).answer();
    expect([res.headers.get('retry-after'), res.body.error.retryAfter]).toEqual(['7', 7]);
  });

  it("adds the error's own headers, and keeps those middleware set before", async () => {
    const res = await throwing(new ServiceError('admin_unauthorized', { headers: { 'www-authenticate': 'Bearer' } })).answer();
    expect([res.headers.get('www-authenticate'), res.headers.get('x-set-before')]).toEqual(['Bearer', 'kept']);
  });

  it('lists the issues of an invalid request', async () => {
    const issues = [{ path: 'name', message: 'Required' }];
    const res = await throwing(new ServiceError('invalid_request', { issues })).answer();
    expect(res.body.error.issues).toEqual(issues);
  });

  it('answers the store being down 503 service_unavailable, logging no more than that', async () => {
    const t = throwing(new StoreUnavailableError('connect ECONNREFUSED 10.0.0.5:5432'));
    const res = await t.answer();
    expect([res.status, res.body.error.code, res.body.error.retryAfter]).toEqual([503, 'service_unavailable', 5]);
    expect(res.text).not.toContain('10.0.0.5');
    expect(t.lines).toEqual([expect.objectContaining({ msg: 'database unavailable', reqId: 'req-1' })]);
    expect(JSON.stringify(t.lines)).not.toContain('10.0.0.5');
  });

  it.each([
    [413, 'payload_too_large', 413],
    [400, 'invalid_request', 400],
    [408, 'invalid_request', 400],
    [500, 'internal_error', 500],
    [503, 'internal_error', 500],
  ] as const)("answers Hono's HTTPException %i as %s (%i), not with its text", async (thrown, code, status) => {
    const res = await throwing(new HTTPException(thrown, { message: 'hono internals' })).answer();
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(res.text).not.toContain('hono internals');
  });

  it('answers anything else 500 internal_error, without its message or stack', async () => {
    const t = throwing(new TypeError("Cannot read properties of undefined (reading 'partnerToken')"));
    const res = await t.answer();
    expect(res.body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong.', requestId: 'req-1' } });
    expect(res.text).not.toMatch(/partnerToken|TypeError|at /);
  });

  it('logs an unexpected error with its message, once', async () => {
    const t = throwing(new RangeError('index out of range'));
    await t.answer();
    expect(t.lines).toEqual([expect.objectContaining({ level: 50, msg: 'unhandled error', reqId: 'req-1' })]);
    expect(t.lines[0]?.error.message).toBe('index out of range');
  });

  // Was a bug: logged under `err`, pino's error serializer rewrote the type to "Object".
  it("logs an unexpected error's type", async () => {
    const t = throwing(new RangeError('index out of range'));
    await t.answer();
    expect(t.lines[0]?.error.type).toBe('RangeError');
  });
});
