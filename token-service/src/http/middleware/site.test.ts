/** siteContext and siteCors in the app, in memory: resolving the site key, refusing unknown or suspended sites, and CORS. */
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../platform/db.js';
import { testApp } from '../testing/client.js';
import { callsTo, IDS, ORIGIN, STRANGER, VISITOR } from '../testing/fakes.js';
import { EXPOSED_HEADERS } from './site.js';

const SITE = `/v1/sites/${IDS.siteKey}`;
const SESSIONS = `${SITE}/sessions`;
const CONVERSATIONS = `${SITE}/conversations`;

describe('site resolution', () => {
  it('puts the resolved site in front of the route', async () => {
    const { call, deps } = testApp();
    await call('POST', SESSIONS, { headers: { origin: ORIGIN } });
    expect(callsTo(deps, 'sites.resolve').map((c) => c.args)).toEqual([[IDS.siteKey]]);
    expect(callsTo(deps, 'sessions.open')[0]?.args[0]).toBe(deps.site);
  });

  it('answers an unknown key 404 site_not_found', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `/v1/sites/${IDS.unknownSiteKey}/sessions`, { headers: { origin: ORIGIN } });
    expect([res.status, res.body.error.code]).toEqual([404, 'site_not_found']);
    expect(callsTo(deps, 'sessions.open')).toEqual([]);
  });

  // Check: site-key-pattern (http/middleware/site.ts siteGate: a malformed key is refused before any lookup).
  it.each(['pk_short', 'st_SSSSSSSSSSSSSSSSSSSSSS', `${IDS.siteKey}x`, 'pk_%2E%2E%2Fadmin%2Fv1xxxxxxx'])(
    'answers a malformed key (%s) 404 site_not_found without a lookup',
    async (key) => {
      const { call, deps } = testApp();
      const res = await call('POST', `/v1/sites/${key}/sessions`, { headers: { origin: ORIGIN } });
      expect([res.status, res.body.error.code]).toEqual([404, 'site_not_found']);
      expect(callsTo(deps, 'sites.resolve')).toEqual([]);
    },
  );

  // Check: site-suspended (http/middleware/site.ts siteGate: the site's status).
  it('answers a suspended site 403 site_suspended', async () => {
    const res = await testApp({ site: { status: 'suspended' } }).call('POST', SESSIONS, { headers: { origin: ORIGIN } });
    expect([res.status, res.body.error.code]).toEqual([403, 'site_suspended']);
  });

  // Check: tenant-suspended (http/middleware/site.ts siteGate: the tenant's status).
  it("answers a site of a suspended tenant 403 site_suspended, before the visitor's token is looked at", async () => {
    const { call, deps } = testApp({ site: { tenantStatus: 'suspended' } });
    const res = await call('GET', CONVERSATIONS, { headers: VISITOR });
    expect([res.status, res.body.error.code]).toEqual([403, 'site_suspended']);
    expect(callsTo(deps, 'sessions.authenticate')).toEqual([]);
  });

  it('answers 503 service_unavailable when the lookup cannot reach the store', async () => {
    const res = await testApp({
      sites: {
        resolve: async () => {
          throw new StoreUnavailableError('the database is unavailable');
        },
      },
    }).call('POST', SESSIONS, { headers: { origin: ORIGIN } });
    expect([res.status, res.body.error.code, res.headers.get('retry-after')]).toEqual([503, 'service_unavailable', '5']);
  });

  // Check: cors-readable-config-only (http/middleware/site.ts siteGate `readable`: GET config only).
  it('lets only GET config read why the site is unavailable', async () => {
    const { call } = testApp();
    const res = await call('POST', `/v1/sites/${IDS.unknownSiteKey}/sessions`, { headers: { origin: STRANGER } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS on answers', () => {
  // Check: cors-no-wildcard (http/middleware/site.ts siteGate: the exact origin, never `*`).
  it('gives an allowed origin exactly its own origin, the exposed headers and Vary', async () => {
    const res = await testApp().call('POST', SESSIONS, { headers: { origin: ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toBe(EXPOSED_HEADERS.join(','));
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('keeps the CORS headers on an error answer to an allowed origin', async () => {
    const res = await testApp().call('GET', CONVERSATIONS, { headers: { origin: ORIGIN } });
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([401, ORIGIN]);
  });

  // Check: origin-exact-match, cors-allowed-origins-only (sites/public-config.ts isOriginAllowed; siteGate gives CORS to allowed origins only).
  it.each([
    STRANGER,
    `${ORIGIN}.evil.example`,
    `${ORIGIN}/`,
    'https://SHOP.example',
    `${ORIGIN}:443`,
    'http://shop.example',
    'null',
  ])('gives %s no CORS header, only Vary', async (origin) => {
    const res = await testApp().call('POST', SESSIONS, { headers: { origin } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('gives two Origin headers (joined into one value) no CORS header', async () => {
    const res = await testApp().call('POST', SESSIONS, { headers: { origin: `${ORIGIN}, ${ORIGIN}` } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives a request without Origin no CORS header', async () => {
    const res = await testApp().call('POST', SESSIONS);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('preflight', () => {
  const preflight = (origin: string, site = SITE) => ({
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-runas-user-id',
    },
    path: `${site}/sessions`,
  });

  // Check: cors-fixed-headers, cors-no-credentials (http/middleware/site.ts siteGate: fixed headers, never credentials).
  it('answers an allowed origin 204 with the fixed methods and headers, never what was asked', async () => {
    const { headers, path } = preflight(ORIGIN);
    const res = await testApp().call('OPTIONS', path, { headers });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Last-Event-ID');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('does not reach the route', async () => {
    const { call, deps } = testApp();
    const { headers, path } = preflight(ORIGIN);
    await call('OPTIONS', path, { headers });
    expect(callsTo(deps, 'sessions.open')).toEqual([]);
  });

  it('is answered on the token-guarded routes without a token (browsers send none on a preflight)', async () => {
    const { call, deps } = testApp();
    const res = await call('OPTIONS', CONVERSATIONS, { headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([204, ORIGIN]);
    expect(callsTo(deps, 'sessions.authenticate')).toEqual([]);
  });

  // Check: preflight-strangers (http/middleware/site.ts siteGate: a stranger's OPTIONS is refused).
  it('answers a stranger 403 origin_not_allowed without any CORS header', async () => {
    const { headers, path } = preflight(STRANGER);
    const res = await testApp().call('OPTIONS', path, { headers });
    expect([res.status, res.body.error.code]).toEqual([403, 'origin_not_allowed']);
    expect([...res.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('answers a preflight for an unknown site 404 site_not_found', async () => {
    const { headers, path } = preflight(ORIGIN, `/v1/sites/${IDS.unknownSiteKey}`);
    const res = await testApp().call('OPTIONS', path, { headers });
    expect([res.status, res.body.error.code]).toEqual([404, 'site_not_found']);
  });
});
