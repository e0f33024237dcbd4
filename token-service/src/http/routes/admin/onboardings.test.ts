/** Admin onboarding in memory: tenant, bot and site in one call; the token, the body and the service's refusals. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/client.js';
import { ADMIN, callsTo, ORIGIN, rejecting } from '../../testing/fakes.js';

const ONBOARDINGS = '/admin/v1/onboardings';
const REQUEST = { tenant: { name: 'Acme Dental' }, site: { allowedOrigins: [ORIGIN] } };

describe('POST /admin/v1/onboardings', () => {
  it('answers 201 with the tenant, the bot and the site', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', ONBOARDINGS, { headers: ADMIN, json: REQUEST });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['tenant', 'bot', 'site']);
    expect(callsTo(deps, 'onboarding.onboard')[0]?.args).toEqual([REQUEST]);
  });

  it('refuses a site without origins before creating anything: 400 invalid_request', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', ONBOARDINGS, { headers: ADMIN, json: { tenant: { name: 'Acme' }, site: {} } });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'site.allowedOrigins']);
    expect(deps.calls).toEqual([]);
  });

  it('refuses a bot id in the site (the bot is made here): 400 invalid_request', async () => {
    const res = await testApp().call('POST', ONBOARDINGS, {
      headers: ADMIN,
      json: { ...REQUEST, site: { ...REQUEST.site, botId: 'bot_1' } },
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
  });

  it.each([
    ['bot_not_found', 404],
    ['upstream_error', 502],
  ] as const)('passes %s through as %i', async (code, status) => {
    const res = await testApp({
      onboarding: {
        onboard: rejecting(code),
      },
    }).call('POST', ONBOARDINGS, { headers: ADMIN, json: REQUEST });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  it('refuses without the admin token: 401, nothing created', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', ONBOARDINGS, { json: REQUEST });
    expect([res.status, res.body.error.code]).toEqual([401, 'admin_unauthorized']);
    expect(deps.calls).toEqual([]);
  });
});
