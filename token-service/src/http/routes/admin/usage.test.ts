/** Admin usage in memory: a tenant's usage per UTC day, the strict query and the service's refusals. */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/client.js';
import { ADMIN, callsTo, IDS, rejecting } from '../../testing/fakes.js';

const USAGE = `/admin/v1/tenants/${IDS.tenant}/usage`;

describe('GET /admin/v1/tenants/{id}/usage', () => {
  it('answers the days and totals', async () => {
    const res = await testApp().call('GET', USAGE, { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      sessions: 3,
      conversations: 2,
      messages: 5,
      answersCompleted: 4,
      answersFailed: 1,
      thumbsUp: 2,
      thumbsDown: 1,
    });
    expect(res.body.sites).toEqual([{ siteId: IDS.site, name: 'Main site', totals: res.body.totals }]);
  });

  it('hands the service one site when asked', async () => {
    const { call, deps } = testApp();
    await call('GET', `${USAGE}?siteId=${IDS.site}`, { headers: ADMIN });
    expect(callsTo(deps, 'usage.report')[0]?.args).toEqual([IDS.tenant, { siteId: IDS.site }]);
  });

  it('refuses a site id that is not one: 400 invalid_request naming it, no service call', async () => {
    const { call, deps } = testApp();
    const res = await call('GET', `${USAGE}?siteId=nope`, { headers: ADMIN });
    expect([res.status, res.body.error.code, res.body.error.issues[0].path]).toEqual([400, 'invalid_request', 'siteId']);
    expect(deps.calls).toEqual([]);
  });

  it('hands the service the tenant and the dates', async () => {
    const { call, deps } = testApp();
    await call('GET', `${USAGE}?from=2025-10-01&to=2025-10-31`, { headers: ADMIN });
    expect(callsTo(deps, 'usage.report')[0]?.args).toEqual([IDS.tenant, { from: '2025-10-01', to: '2025-10-31' }]);
  });

  it('refuses a date that is not one: 400 invalid_request naming it', async () => {
    const res = await testApp().call('GET', `${USAGE}?from=2025-13-45`, { headers: ADMIN });
    expect([res.status, res.body.error.code, res.body.error.issues[0].path]).toEqual([400, 'invalid_request', 'from']);
  });

  it('refuses an unknown query parameter: 400, no service call', async () => {
    const { call, deps } = testApp();
    const res = await call('GET', `${USAGE}?days=7`, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(deps.calls).toEqual([]);
  });

  it('passes from after to through as 400 invalid_request', async () => {
    const res = await testApp({
      usage: {
        report: rejecting('invalid_request', { message: 'from must not be after to.' }),
      },
    }).call('GET', `${USAGE}?from=2025-10-31&to=2025-10-01`, { headers: ADMIN });
    expect([res.status, res.body.error.message]).toEqual([400, 'from must not be after to.']);
  });

  it('passes an unknown tenant through as 404 tenant_not_found', async () => {
    const res = await testApp({
      usage: {
        report: rejecting('tenant_not_found'),
      },
    }).call('GET', USAGE, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
  });

  it('refuses without the admin token: 401', async () => {
    const res = await testApp().call('GET', USAGE);
    expect([res.status, res.body.error.code]).toEqual([401, 'admin_unauthorized']);
  });
});
