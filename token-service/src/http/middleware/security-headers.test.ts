/** The security headers in the app, in memory: on every answer, success or error; HSTS only behind an https public URL. */
import { describe, expect, it } from 'vitest';
import { PAGE_CSP } from '../../reference/index.js';
import { testApp } from '../testing/client.js';
import { ADMIN, IDS, ORIGIN, VISITOR } from '../testing/fakes.js';

const EXPECTED = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'cross-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

const securityHeadersOf = (headers: Headers) => Object.fromEntries(Object.keys(EXPECTED).map((h) => [h, headers.get(h)]));
const SITE = `/v1/sites/${IDS.siteKey}`;

describe('security headers', () => {
  // Check: security-headers-every-answer (http/middleware/request-context.ts: every answer's headers start from them; the `are on` tests).
  it.each([
    ['a JSON answer', 'GET', '/healthz', {}, 200],
    ['the widget script', 'GET', '/widget.js', {}, 200],
    [
      'an answer stream',
      'POST',
      `${SITE}/conversations/${IDS.conversation}/messages`,
      { headers: VISITOR, json: { text: 'hi' } },
      200,
    ],
    ['a preflight', 'OPTIONS', `${SITE}/sessions`, { headers: { origin: ORIGIN } }, 204],
    ['an unknown path', 'GET', '/nope', {}, 404],
    ['a refused method', 'DELETE', '/healthz', {}, 405],
    ['a missing admin token', 'GET', '/admin/v1/tenants', {}, 401],
    ['a refused body', 'POST', '/admin/v1/tenants', { headers: { ...ADMIN, 'content-type': 'text/plain' }, body: 'x' }, 415],
    ['an unknown site', 'GET', `/v1/sites/${IDS.unknownSiteKey}/config`, {}, 404],
  ] as const)('are on %s', async (_, method, path, init, status) => {
    const res = await testApp().call(method, path, init);
    expect(res.status).toBe(status);
    expect(securityHeadersOf(res.headers)).toEqual(EXPECTED);
  });

  it('are on an internal error', async () => {
    const { call } = testApp({
      tenants: {
        list: async () => {
          throw new Error('boom');
        },
      },
    });
    const res = await call('GET', '/admin/v1/tenants', { headers: ADMIN });
    expect([res.status, securityHeadersOf(res.headers)]).toEqual([500, EXPECTED]);
  });

  it('are on a rate-limited answer', async () => {
    const { call } = testApp({ limits: { requestsPerIpPerMinute: 1 } });
    await call('GET', `${SITE}/config`);
    const res = await call('GET', `${SITE}/config`);
    expect([res.status, securityHeadersOf(res.headers)]).toEqual([429, EXPECTED]);
  });

  // Was a bug: the drain guard ran before securityHeaders, so its 503 went out without them.
  it('are on the 503 shutting_down answer while draining', async () => {
    const { call, deps } = testApp();
    deps.lifecycle.startDrain();
    const res = await call('GET', '/admin/v1/tenants', { headers: ADMIN });
    expect([res.status, securityHeadersOf(res.headers)]).toEqual([503, EXPECTED]);
  });

  // Check: security-headers-foreign-answers (http/middleware/request-context.ts merges them into answers not built by http/response.ts).
  it('are on answers the app did not build itself (the API reference), which keep their own policy', async () => {
    const { call } = testApp();
    const page = await call('GET', '/reference');
    expect(page.status).toBe(200);
    expect(securityHeadersOf(page.headers)).toEqual({ ...EXPECTED, 'content-security-policy': PAGE_CSP });
    expect(page.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    const asset = /src="(\/reference\/assets\/[^"]+)"/.exec(page.text)![1]!;
    const script = await call('GET', asset);
    expect([script.status, securityHeadersOf(script.headers)]).toEqual([200, EXPECTED]);
  });

  it('leave out HSTS when the public URL is http', async () => {
    const res = await testApp().call('GET', '/healthz');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('add HSTS when the public URL is https, on errors too', async () => {
    const { call } = testApp({ config: { publicUrl: 'https://chat.partner.example' } });
    for (const path of ['/healthz', '/nope']) {
      expect((await call('GET', path)).headers.get('strict-transport-security')).toBe('max-age=31536000');
    }
  });

  it('never say what serves them', async () => {
    const res = await testApp().call('GET', '/healthz');
    expect([res.headers.get('x-powered-by'), res.headers.get('server')]).toEqual([null, null]);
  });
});
