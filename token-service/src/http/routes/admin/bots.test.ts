/** Admin bots in memory: create and list in a tenant's sub-account; the token, bodies and the service's refusals. */
import { describe, expect, it } from 'vitest';
import { pathOf, routeCases, testApp } from '../../testing/client.js';
import { ADMIN, callsTo, IDS, rejecting } from '../../testing/fakes.js';
import { createBot, listBots } from './bots.js';

const BOTS = `/admin/v1/tenants/${IDS.tenant}/bots`;

describe('every bot route', () => {
  it.each(routeCases(createBot, listBots))('%s refuses without the admin token: 401, no service call', async (_, spec) => {
    const { call, deps } = testApp();
    const res = await call(spec.method.toUpperCase(), pathOf(spec), { headers: { authorization: 'Bearer wrong' } });
    expect([res.status, res.body.error.code, res.headers.get('www-authenticate')]).toEqual([401, 'admin_unauthorized', 'Bearer']);
    expect(deps.calls).toEqual([]);
  });
});

describe('POST /admin/v1/tenants/{id}/bots', () => {
  it('answers 201 with the bot, made in the tenant the path names', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', BOTS, { headers: ADMIN, json: { name: 'Smile', backstory: 'You help patients.' } });
    expect([res.status, res.body.name]).toEqual([201, 'Smile']);
    expect(callsTo(deps, 'bots.create')[0]?.args).toEqual([IDS.tenant, { name: 'Smile', backstory: 'You help patients.' }]);
  });

  it('refuses a model name that is not one: 400 invalid_request', async () => {
    const res = await testApp().call('POST', BOTS, { headers: ADMIN, json: { name: 'Smile', model: '../../etc' } });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'model']);
  });

  it('refuses a body that is not JSON by type: 415', async () => {
    const res = await testApp().call('POST', BOTS, { headers: { ...ADMIN, 'content-type': 'text/plain' }, body: 'Smile' });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it.each([
    ['tenant_not_found', 404],
    ['tenant_suspended', 409],
    ['upstream_timeout', 504],
  ] as const)('passes %s through as %i', async (code, status) => {
    const res = await testApp({ bots: { create: rejecting(code) } }).call('POST', BOTS, {
      headers: ADMIN,
      json: { name: 'Smile' },
    });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });
});

describe('GET /admin/v1/tenants/{id}/bots', () => {
  it("lists the tenant's bots", async () => {
    const { call, deps } = testApp();
    const res = await call('GET', BOTS, { headers: ADMIN });
    expect([res.status, res.body.items[0].id]).toEqual([200, IDS.bot]);
    expect(callsTo(deps, 'bots.list')[0]?.args).toEqual([IDS.tenant]);
  });

  it('passes an unknown tenant through as 404 tenant_not_found', async () => {
    const res = await testApp({ bots: { list: rejecting('tenant_not_found') } }).call('GET', BOTS, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
  });

  it('passes the upstream rate limit through as 429 upstream_rate_limited', async () => {
    const res = await testApp({ bots: { list: rejecting('upstream_rate_limited') } }).call('GET', BOTS, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([429, 'upstream_rate_limited']);
  });
});
