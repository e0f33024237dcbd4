/** Admin sites in memory: create, list, show, change (merge patch), rotate the key; the token, bodies and refusals. */
import { describe, expect, it } from 'vitest';
import { pathOf, routeCases, testApp } from '../../testing/client.js';
import { ADMIN, callsTo, IDS, ORIGIN, rejecting } from '../../testing/fakes.js';
import { createSite, getSite, listSites, rotateSiteKey, updateSite } from './sites.js';

const TENANT_SITES = `/admin/v1/tenants/${IDS.tenant}/sites`;
const SITE = `/admin/v1/sites/${IDS.site}`;
const NEW_SITE = { name: 'shop.example', allowedOrigins: [ORIGIN], botId: IDS.bot };

describe('every site route', () => {
  it.each(routeCases(createSite, listSites, getSite, updateSite, rotateSiteKey))(
    '%s refuses without the admin token: 401, no service call',
    async (_, spec) => {
      const { call, deps } = testApp();
      const res = await call(spec.method.toUpperCase(), pathOf(spec), spec.body ? { json: NEW_SITE } : {});
      expect([res.status, res.body.error.code]).toEqual([401, 'admin_unauthorized']);
      expect(deps.calls).toEqual([]);
    },
  );
});

describe('POST /admin/v1/tenants/{id}/sites', () => {
  it('answers 201 with the site, its key and its snippet', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', TENANT_SITES, { headers: ADMIN, json: NEW_SITE });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ siteKey: IDS.siteKey, embedSnippet: expect.stringContaining(IDS.siteKey) });
    expect(callsTo(deps, 'sites.create')[0]?.args).toEqual([IDS.tenant, NEW_SITE]);
  });

  it('refuses an origin with a path: 400 invalid_request naming it', async () => {
    const res = await testApp().call('POST', TENANT_SITES, {
      headers: ADMIN,
      json: { ...NEW_SITE, allowedOrigins: [`${ORIGIN}/shop`] },
    });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'allowedOrigins.0']);
  });

  it('refuses a theme setting it does not know: 400 invalid_request', async () => {
    const res = await testApp().call('POST', TENANT_SITES, { headers: ADMIN, json: { ...NEW_SITE, theme: { css: 'body{}' } } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
  });

  it('takes texts per language with the new site', async () => {
    const { call, deps } = testApp();
    const translations = { FR: { greeting: 'Bonjour', starterPrompts: ['Horaires ?'] } };
    expect((await call('POST', TENANT_SITES, { headers: ADMIN, json: { ...NEW_SITE, translations } })).status).toBe(201);
    expect(callsTo(deps, 'sites.create')[0]?.args[1]).toEqual({ ...NEW_SITE, translations: { fr: translations.FR } });
  });

  it('takes a subtitle with the new site, trimmed', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', TENANT_SITES, {
      headers: ADMIN,
      json: { ...NEW_SITE, subtitle: ' AI assistant · answers instantly ' },
    });
    expect(res.status).toBe(201);
    expect(callsTo(deps, 'sites.create')[0]?.args[1]).toEqual({ ...NEW_SITE, subtitle: 'AI assistant · answers instantly' });
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(81), 'must be at most 80 characters'],
    ['AI\u202Eassistant', 'must not contain invisible or text-direction control characters'],
  ])('refuses the subtitle %j: 400 invalid_request at subtitle, no service call', async (subtitle, message) => {
    const { call, deps } = testApp();
    const res = await call('POST', TENANT_SITES, { headers: ADMIN, json: { ...NEW_SITE, subtitle } });
    expect([res.status, res.body.error.code, res.body.error.issues]).toEqual([
      400,
      'invalid_request',
      [{ path: 'subtitle', message }],
    ]);
    expect(callsTo(deps, 'sites.create')).toEqual([]);
  });

  it.each([
    ['bot_not_found', 404],
    ['tenant_not_found', 404],
    ['tenant_suspended', 409],
    ['upstream_unavailable', 503],
  ] as const)('passes %s through as %i', async (code, status) => {
    const res = await testApp({ sites: { create: rejecting(code) } }).call('POST', TENANT_SITES, {
      headers: ADMIN,
      json: NEW_SITE,
    });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });
});

describe('GET /admin/v1/tenants/{id}/sites', () => {
  it("lists the tenant's sites", async () => {
    const { call, deps } = testApp();
    const res = await call('GET', TENANT_SITES, { headers: ADMIN });
    expect([res.status, res.body.items.length]).toEqual([200, 1]);
    expect(callsTo(deps, 'sites.list')[0]?.args).toEqual([IDS.tenant]);
  });

  it('passes an unknown tenant through as 404 tenant_not_found', async () => {
    const res = await testApp({ sites: { list: rejecting('tenant_not_found') } }).call('GET', TENANT_SITES, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
  });
});

describe('GET /admin/v1/sites/{id}', () => {
  it('shows the site the path names', async () => {
    const { call, deps } = testApp();
    const res = await call('GET', SITE, { headers: ADMIN });
    expect([res.status, res.body.id]).toEqual([200, IDS.site]);
    expect(callsTo(deps, 'sites.get')[0]?.args).toEqual([IDS.site]);
  });

  it('passes an unknown id through as 404 not_found', async () => {
    const res = await testApp({ sites: { get: rejecting('not_found') } }).call('GET', '/admin/v1/sites/st_nope', {
      headers: ADMIN,
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('PATCH /admin/v1/sites/{id}', () => {
  it('accepts a JSON merge patch, with null removing a theme setting', async () => {
    const { call, deps } = testApp();
    const res = await call('PATCH', SITE, {
      headers: { ...ADMIN, 'content-type': 'application/merge-patch+json; charset=utf-8' },
      body: '{"title":"New title","theme":{"accentColor":null}}',
    });
    expect([res.status, res.body.title]).toEqual([200, 'New title']);
    expect(callsTo(deps, 'sites.update')[0]?.args).toEqual([IDS.site, { title: 'New title', theme: { accentColor: null } }]);
  });

  it('sets the subtitle, or removes it with null', async () => {
    const { call, deps } = testApp();
    const headers = { ...ADMIN, 'content-type': 'application/merge-patch+json' };
    expect((await call('PATCH', SITE, { headers, body: '{"subtitle":"Replies in a minute"}' })).status).toBe(200);
    expect(
      (await call('PATCH', SITE, { headers, body: '{"subtitle":null,"translations":{"fr":{"subtitle":null}}}' })).status,
    ).toBe(200);
    expect(callsTo(deps, 'sites.update').map((c) => c.args[1])).toEqual([
      { subtitle: 'Replies in a minute' },
      { subtitle: null, translations: { fr: { subtitle: null } } },
    ]);
  });

  it.each([
    [{ subtitle: 'two\nlines' }, 'subtitle', 'must not contain control characters'],
    [{ subtitle: '   ' }, 'subtitle', 'must not be empty'],
    [{ subtitle: 42 }, 'subtitle', 'Invalid input: expected string, received number'],
    [{ translations: { fr: { subtitle: 'x'.repeat(81) } } }, 'translations.fr.subtitle', 'must be at most 80 characters'],
  ])('refuses %j: 400 invalid_request at %s, no service call', async (json, path, message) => {
    const { call, deps } = testApp();
    const res = await call('PATCH', SITE, { headers: ADMIN, json });
    expect([res.status, res.body.error.code, res.body.error.issues]).toEqual([400, 'invalid_request', [{ path, message }]]);
    expect(callsTo(deps, 'sites.update')).toEqual([]);
  });

  it("takes a language's texts as a merge patch: the tag lower-cased, null removing a text or a language", async () => {
    const { call, deps } = testApp();
    const res = await call('PATCH', SITE, {
      headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' },
      body: '{"translations":{"fr-CA":{"greeting":"Bonjour","title":null},"de":null}}',
    });
    expect(res.status).toBe(200);
    expect(callsTo(deps, 'sites.update')[0]?.args).toEqual([
      IDS.site,
      { translations: { 'fr-ca': { greeting: 'Bonjour', title: null }, de: null } },
    ]);
  });

  it.each([
    [{ fr_CA: { greeting: 'Bonjour' } }, 'translations.fr_CA', 'must be a language tag like fr or fr-CA'],
    [{ fr: { greeting: '' } }, 'translations.fr.greeting', 'must not be empty'],
    [
      { fr: { starterPrompts: ['Horaires', 'a\u0000b'] } },
      'translations.fr.starterPrompts.1',
      'must not contain control characters',
    ],
    [{ fr: { motto: 'Bonjour' } }, 'translations.fr', 'unknown field(s): motto'],
    [{ fr: 'Bonjour' }, 'translations.fr', 'Invalid input: expected object, received string'],
  ])('refuses translations %j: 400 invalid_request at %s, no service call', async (translations, path, message) => {
    const { call, deps } = testApp();
    const res = await call('PATCH', SITE, { headers: ADMIN, json: { translations } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(res.body.error.issues).toEqual([{ path, message }]);
    expect(callsTo(deps, 'sites.update')).toEqual([]);
  });

  it('accepts plain JSON too', async () => {
    const res = await testApp().call('PATCH', SITE, { headers: ADMIN, json: { status: 'suspended' } });
    expect(res.status).toBe(200);
  });

  it('refuses malformed JSON: 400 invalid_json', async () => {
    const res = await testApp().call('PATCH', SITE, {
      headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' },
      body: '{',
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  it('refuses another patch format: 415', async () => {
    const res = await testApp().call('PATCH', SITE, {
      headers: { ...ADMIN, 'content-type': 'application/json-patch+json' },
      body: '[]',
    });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('refuses a body over the admin limit: 413', async () => {
    const res = await testApp().call('PATCH', SITE, {
      headers: { ...ADMIN, 'content-type': 'application/json', 'content-length': String(256 * 1024 + 1) },
      body: '{}',
    });
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it.each([
    ['not_found', 404],
    ['bot_not_found', 404],
  ] as const)('passes %s through as %i', async (code, status) => {
    const res = await testApp({ sites: { update: rejecting(code) } }).call('PATCH', SITE, {
      headers: ADMIN,
      json: { botId: 'other' },
    });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });
});

describe('POST /admin/v1/sites/{id}/rotate-key', () => {
  it('answers the site with its new key', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `${SITE}/rotate-key`, { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.siteKey).not.toBe(IDS.siteKey);
    expect(callsTo(deps, 'sites.rotateKey')[0]?.args).toEqual([IDS.site]);
  });

  it('passes an unknown id through as 404 not_found', async () => {
    const res = await testApp({ sites: { rotateKey: rejecting('not_found') } }).call('POST', `${SITE}/rotate-key`, {
      headers: ADMIN,
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});
