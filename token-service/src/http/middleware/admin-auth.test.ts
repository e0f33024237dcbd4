/** adminAuth: the partner's Bearer token, compared in constant time; everything else is 401 with WWW-Authenticate. */
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../context.js';
import { toErrorResponse } from '../errors.js';
import { createLogger } from '../../platform/logger.js';
import { adminAuth } from './admin-auth.js';

const TOKEN = 'the-partner-admin-token-0123456789';

function app(adminToken: string | null = TOKEN, auth = adminAuth) {
  const app = new Hono<AppEnv>();
  const logger = createLogger('silent');
  app.use(auth(adminToken));
  app.get('/', (c) => c.text('in'));
  app.onError((err, c) => toErrorResponse(err, c, logger));
  return app;
}

const status = async (authorization?: string, adminToken?: string | null) =>
  (await app(adminToken).request('/', authorization === undefined ? {} : { headers: { authorization } })).status;

describe('adminAuth', () => {
  it('lets the exact Bearer token in', async () => {
    expect(await status(`Bearer ${TOKEN}`)).toBe(200);
  });

  it('refuses no Authorization header: 401 admin_unauthorized with WWW-Authenticate: Bearer', async () => {
    const res = await app().request('/');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as any).error.code).toBe('admin_unauthorized');
  });

  // Check: admin-token (http/middleware/admin-auth.ts adminAuth: the token must match).
  it.each([
    ['a wrong token', 'Bearer wrong'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token and more', `Bearer ${TOKEN}0`],
    ['a token a thousand times longer', `Bearer ${TOKEN.repeat(1000)}`],
    ['the token under another scheme', `Basic ${TOKEN}`],
    ['the token without a scheme', TOKEN],
    ['two spaces after Bearer', `Bearer  ${TOKEN}`],
    ['a trailing word', `Bearer ${TOKEN} extra`],
    ['an empty token', 'Bearer '],
  ])('refuses %s with 401, not an error', async (_, authorization) => {
    expect(await status(authorization)).toBe(401);
  });

  // Check: admin-token-constant-time (http/middleware/admin-auth.ts adminAuth: timingSafeEqual over digests).
  it('compares in constant time: equal-length digests through timingSafeEqual, whatever the length sent', async () => {
    // A fresh copy of the module over a spied crypto (works whether or not test files share modules).
    const crypto = await vi.importActual<typeof import('node:crypto')>('node:crypto');
    const compare = vi.fn(crypto.timingSafeEqual);
    vi.resetModules();
    vi.doMock('node:crypto', () => ({ ...crypto, default: crypto, timingSafeEqual: compare }));
    try {
      const { adminAuth: spied } = await import('./admin-auth.js');
      await app(TOKEN, spied).request('/', { headers: { authorization: 'Bearer x' } });
      await app(TOKEN, spied).request('/', { headers: { authorization: `Bearer ${TOKEN.repeat(50)}` } });
    } finally {
      vi.doUnmock('node:crypto');
    }
    expect(compare.mock.calls.map(([a, b]) => [a.byteLength, b.byteLength])).toEqual([
      [32, 32],
      [32, 32],
    ]);
  });

  it('refuses everyone when no admin token is configured', async () => {
    expect(await status('Bearer ', null)).toBe(401);
    expect(await status('Bearer null', null)).toBe(401);
  });

  it('never echoes the token it was sent', async () => {
    const res = await app().request('/', { headers: { authorization: 'Bearer guess-123' } });
    expect(await res.text()).not.toContain('guess-123');
  });
});
