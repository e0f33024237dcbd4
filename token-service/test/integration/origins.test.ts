/**
 * The origin allow-list and CORS. Each test names the check it covers. The allow-list is the
 * exact-match test in http/middleware/site.ts (isOriginAllowed); CORS headers come only from siteCors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wire } from '@tessera/protocol';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;

beforeAll(async () => {
  stack = await Stack.start();
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN, 'http://localhost:5173'] }));
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

const LOOKALIKES = [
  'https://shop.example.evil.com', // suffix
  'https://evilshop.example', // prefix
  'http://shop.example', // scheme
  'https://shop.example:8443', // port
  'https://SHOP.example', // case: browsers always send lower case, so this is not a real browser
  'https://user@shop.example', // userinfo
  'https://shop.example/', // trailing slash
  'null', // sandboxed iframes, file://
  'https://shop.example, https://evil.com', // two Origin headers, as Node joins them
  'http://localhost:5174', // allowed host, other port
];

describe('session minting checks the Origin (requireAllowedOrigin)', () => {
  it('mints for an allowed origin', async () => {
    expect((await stack.session(site.siteKey, ORIGIN)).status).toBe(201);
    expect((await stack.session(site.siteKey, 'http://localhost:5173')).status).toBe(201);
  });

  // Check: origin-allowlist-mint, cors-allowed-origins-only (sessions/session-service.ts open; http/middleware/site.ts siteGate gives CORS headers to allowed origins only).
  it.each(LOOKALIKES)('refuses %s with 403 and no token, no CORS headers', async (origin) => {
    const res = await stack.session(site.siteKey, origin);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('origin_not_allowed');
    expect(res.text).not.toContain('token"');
    for (const [name] of res.headers) expect(name).not.toMatch(/^access-control-/);
  });

  it('refuses a request without an Origin header', async () => {
    const res = await stack.fetch(`/v1/sites/${site.siteKey}/sessions`, { method: 'POST' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('origin_not_allowed');
  });

  it('refuses an unknown or malformed site key with 404', async () => {
    for (const key of ['pk_0000000000000000000000', 'pk_x', '..%2f..%2fadmin', `PK_${site.siteKey.slice(3)}`]) {
      const res = await stack.session(key, ORIGIN);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('site_not_found');
    }
  });
});

describe('the session request body', () => {
  // Check: strict-session-schema (SessionRequest is a strictObject: unknown fields are refused).
  it('refuses unknown fields in the session request, such as a chosen visitor id', async () => {
    for (const body of [{ visitorId: 'vi_AAAAAAAAAAAAAAAAAAAAAA' }, { siteKey: site.siteKey }, { origin: ORIGIN }]) {
      const res = await stack.session(site.siteKey, ORIGIN, body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(res.text).not.toContain('token"');
    }
  });
});

describe('preflight (siteContext refuses strangers before cors())', () => {
  const preflight = (origin: string, path = 'sessions') =>
    stack.fetch(`/v1/sites/${site.siteKey}/${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization, x-runas-user-id',
      },
    });

  // Check: cors-fixed-headers, cors-no-wildcard, cors-no-credentials (http/middleware/site.ts siteGate's CORS headers).
  it('answers an allowed origin with exact, fixed CORS headers', async () => {
    const res = await preflight(ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Last-Event-ID');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,DELETE');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  // Check: preflight-strangers (http/middleware/site.ts siteGate refuses an OPTIONS from an origin not on the list).
  it.each(['https://evil.example', 'null', 'https://shop.example.evil.com'])('refuses %s', async (origin) => {
    const res = await preflight(origin);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('the public config', () => {
  it('is readable by an allowed origin and by non-browser clients', async () => {
    const res = await stack.fetch(`/v1/sites/${site.siteKey}/config`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('tells a page on another origin that chat is not enabled, and nothing else', async () => {
    const res = await stack.fetch(`/v1/sites/${site.siteKey}/config`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: { code: 'origin_not_allowed', message: expect.any(String), requestId: expect.any(String) },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(res.text).not.toContain(site.title);
  });

  // Check: cors-readable-config-only (http/middleware/site.ts siteGate `readable`): a widget can tell "not available"
  // from a network failure, and only on GET config; nothing else gets CORS for a stranger.
  it('lets a page read why chat is off for an unknown or suspended site, on GET config only', async () => {
    const unknown = await stack.fetch('/v1/sites/pk_0000000000000000000000/config', { headers: { origin: ORIGIN } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('site_not_found');
    expect(unknown.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const { site: other } = await stack.seedCustomer({ origins: [ORIGIN] });
    await stack.admin('PATCH', `/sites/${other.id}`, { status: 'suspended' });
    const suspended = await stack.fetch(`/v1/sites/${other.siteKey}/config`, { headers: { origin: ORIGIN } });
    expect(suspended.json.error.code).toBe('site_suspended');
    expect(suspended.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const mint = await stack.session(other.siteKey, ORIGIN);
    expect(mint.status).toBe(403);
    expect(mint.headers.get('access-control-allow-origin')).toBeNull();
  });
});
