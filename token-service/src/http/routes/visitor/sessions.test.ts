/** `GET config` and `POST sessions` in memory: answers, headers, body problems and the service's refusals. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/client.js';
import { callsTo, IDS, ORIGIN, rejecting, samples, STRANGER, TEST_IP_HEADER, VISITOR_TOKEN } from '../../testing/fakes.js';

const SITE = `/v1/sites/${IDS.siteKey}`;
const CONFIG = `${SITE}/config`;
const SESSIONS = `${SITE}/sessions`;
const FROM_PAGE = { origin: ORIGIN };

describe('GET config', () => {
  it("answers the site's public config with its texts per language, cacheable for a minute", async () => {
    const translations = { fr: { greeting: 'Bonjour !', starterPrompts: ['Horaires'] }, 'fr-ca': { title: 'Vélos Velo' } };
    const res = await testApp({ site: { translations } }).call('GET', CONFIG, { headers: FROM_PAGE });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      siteKey: IDS.siteKey,
      title: 'Velo Bikes',
      subtitle: 'Bike help · answers instantly',
      greeting: 'Hi!',
      starterPrompts: ['Opening hours'],
      locale: null,
      theme: {},
      translations,
      identityRequired: false,
    });
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('never reveals the bot, the tenant or the sub-account', async () => {
    const res = await testApp().call('GET', CONFIG, { headers: FROM_PAGE });
    expect(res.text).not.toMatch(/bot_1|tn_|cbk-user|allowedOrigins/);
  });

  it('answers a request without Origin (not a browser page)', async () => {
    const res = await testApp().call('GET', CONFIG);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers another origin 403 origin_not_allowed, readable by that page only', async () => {
    const res = await testApp().call('GET', CONFIG, { headers: { origin: STRANGER } });
    expect([res.status, res.body.error.code]).toEqual([403, 'origin_not_allowed']);
    expect(res.headers.get('access-control-allow-origin')).toBe(STRANGER);
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers an unknown site key 404 site_not_found, readable by the page', async () => {
    const res = await testApp().call('GET', `/v1/sites/${IDS.unknownSiteKey}/config`, { headers: { origin: STRANGER } });
    expect([res.status, res.body.error.code]).toEqual([404, 'site_not_found']);
    expect(res.headers.get('access-control-allow-origin')).toBe(STRANGER);
  });

  it('answers a suspended site 403 site_suspended, readable by the page', async () => {
    const res = await testApp({ site: { status: 'suspended' } }).call('GET', CONFIG, { headers: FROM_PAGE });
    expect([res.status, res.body.error.code]).toEqual([403, 'site_suspended']);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('POST sessions', () => {
  it('answers 201 with the session, never cached', async () => {
    const res = await testApp().call('POST', SESSIONS, { headers: FROM_PAGE });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: VISITOR_TOKEN, visitorId: IDS.visitor, config: { siteKey: IDS.siteKey } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('hands the service the site, the Origin and the body', async () => {
    const { call, deps } = testApp();
    await call('POST', SESSIONS, { headers: FROM_PAGE, json: { resume: 'an.old.token' } });
    const [open] = callsTo(deps, 'sessions.open');
    expect(open?.args).toEqual([deps.site, ORIGIN, { resume: 'an.old.token' }]);
  });

  it('reads an empty body as {}', async () => {
    const { call, deps } = testApp();
    await call('POST', SESSIONS, { headers: { ...FROM_PAGE, 'content-type': 'application/json' }, body: '' });
    expect(callsTo(deps, 'sessions.open')[0]?.args[2]).toEqual({});
  });

  it('shows the RateLimit headers of the tightest budget (the site budget the service reports)', async () => {
    const { call } = testApp({
      sessions: { open: async () => ({ session: samples.session(), rateLimit: { limit: 10, remaining: 1, resetSeconds: 7 } }) },
    });
    const res = await call('POST', SESSIONS, { headers: FROM_PAGE });
    expect([
      res.headers.get('ratelimit-limit'),
      res.headers.get('ratelimit-remaining'),
      res.headers.get('ratelimit-reset'),
    ]).toEqual(['10', '1', '7']);
  });

  it('passes the service refusing the origin through as 403 origin_not_allowed, without CORS', async () => {
    const { call } = testApp({
      sessions: {
        open: rejecting('origin_not_allowed'),
      },
    });
    const res = await call('POST', SESSIONS, { headers: { origin: STRANGER } });
    expect([res.status, res.body.error.code]).toEqual([403, 'origin_not_allowed']);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('passes a refused resume through as 401 resume_rejected', async () => {
    const { call } = testApp({
      sessions: {
        open: rejecting('resume_rejected'),
      },
    });
    const res = await call('POST', SESSIONS, { headers: FROM_PAGE, json: { resume: 'x' } });
    expect([res.status, res.body.error.code]).toEqual([401, 'resume_rejected']);
  });

  it.each([
    ['identity_invalid', 401],
    ['identity_expired', 401],
    ['identity_wrong_site', 401],
    ['identity_required', 401],
    ['identity_not_configured', 400],
  ] as const)('passes the service refusing an identity through: %s (%i)', async (code, status) => {
    const res = await testApp({ sessions: { open: rejecting(code) } }).call('POST', SESSIONS, {
      headers: FROM_PAGE,
      json: { identity: 'a.b.c' },
    });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  it('hands the identity token to the service; refuses one that is not a compact JWT or too long: 400', async () => {
    const { call, deps } = testApp();
    await call('POST', SESSIONS, { headers: FROM_PAGE, json: { identity: 'aa.bb.cc' } });
    expect(callsTo(deps, 'sessions.open')[0]!.args[2]).toEqual({ identity: 'aa.bb.cc' });
    for (const identity of ['', 'a.b', 'a.b.c.d', 'a b.c.d', `${'a'.repeat(4095)}.b.c`]) {
      const res = await call('POST', SESSIONS, { headers: FROM_PAGE, json: { identity } });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    }
    expect(callsTo(deps, 'sessions.open')).toHaveLength(1);
  });

  it('passes the site budget being spent through as 429 rate_limited with Retry-After', async () => {
    const { call } = testApp({
      sessions: {
        open: rejecting('rate_limited', { retryAfter: 12 }),
      },
    });
    const res = await call('POST', SESSIONS, { headers: FROM_PAGE });
    expect([res.status, res.body.error.code, res.headers.get('retry-after')]).toEqual([429, 'rate_limited', '12']);
  });

  // Check: limit-sessions-per-ip (http/routes/visitor/sessions.ts: sessionsPerIp on POST sessions).
  it('limits sessions per IP, before the service is asked', async () => {
    const { call, deps } = testApp({ limits: { sessionsPerIpPerMinute: 2 } });
    const ip = { ...FROM_PAGE, [TEST_IP_HEADER]: '203.0.113.9' };
    for (let i = 0; i < 2; i++) expect((await call('POST', SESSIONS, { headers: ip })).status).toBe(201);
    const res = await call('POST', SESSIONS, { headers: ip });
    expect([res.status, res.body.error.code]).toEqual([429, 'rate_limited']);
    expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]).toEqual(['2', '0']);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(callsTo(deps, 'sessions.open')).toHaveLength(2);
    expect((await call('POST', SESSIONS, { headers: { ...ip, [TEST_IP_HEADER]: '203.0.113.10' } })).status).toBe(201);
  });
});

describe('POST sessions: body problems', () => {
  it('refuses a body that is not JSON by type: 415 unsupported_media_type', async () => {
    const res = await testApp().call('POST', SESSIONS, { headers: { ...FROM_PAGE, 'content-type': 'text/plain' }, body: '{}' });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('refuses malformed JSON: 400 invalid_json', async () => {
    const res = await testApp().call('POST', SESSIONS, {
      headers: { ...FROM_PAGE, 'content-type': 'application/json' },
      body: '{"resume":',
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  // Check: strict-session-schema (SessionRequest, the openSession body, is a strictObject).
  it('refuses unknown fields: 400 invalid_request naming them', async () => {
    const res = await testApp().call('POST', SESSIONS, { headers: FROM_PAGE, json: { resume: 'x', visitorId: 'vi_mine' } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(res.body.error.issues).toEqual([{ path: '(body)', message: 'unknown field(s): visitorId' }]);
  });

  // Check: body-size-declared (http/json-body.ts readText: a declared Content-Length over the limit is refused before reading).
  it('refuses a declared Content-Length over the limit: 413, without reading', async () => {
    const res = await testApp().call('POST', SESSIONS, {
      headers: { ...FROM_PAGE, 'content-type': 'application/json', 'content-length': '40000' },
      body: '{}',
    });
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('refuses a chunked body once it passes the limit: 413', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        c.enqueue(new Uint8Array(8192).fill(0x20));
      },
    });
    const res = await testApp().call('POST', SESSIONS, {
      headers: { ...FROM_PAGE, 'content-type': 'application/json' },
      body: endless,
    });
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
    expect(pulls).toBeLessThan(10);
  });

  it('never mints a session for a refused body', async () => {
    const { call, deps } = testApp();
    await call('POST', SESSIONS, { headers: FROM_PAGE, json: { resume: '' } });
    expect(callsTo(deps, 'sessions.open')).toEqual([]);
  });
});
