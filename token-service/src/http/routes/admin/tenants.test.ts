/** Admin tenants in memory: create, list, show, change, delete; the token, queries, bodies and the service's refusals. */
import { describe, expect, it } from 'vitest';
import { pathOf, routeCases, testApp } from '../../testing/client.js';
import { ADMIN, callsTo, IDS, rejecting } from '../../testing/fakes.js';
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from './tenants.js';

const TENANTS = '/admin/v1/tenants';
const TENANT = `${TENANTS}/${IDS.tenant}`;

describe('every tenant route', () => {
  it.each(routeCases(createTenant, listTenants, getTenant, updateTenant, deleteTenant))(
    '%s refuses without the admin token: 401 with WWW-Authenticate, no service call',
    async (_, spec) => {
      const { call, deps } = testApp();
      const res = await call(spec.method.toUpperCase(), pathOf(spec), spec.body ? { json: { name: 'x' } } : {});
      expect([res.status, res.body.error.code, res.headers.get('www-authenticate')]).toEqual([
        401,
        'admin_unauthorized',
        'Bearer',
      ]);
      expect(deps.calls).toEqual([]);
    },
  );
});

describe('POST /admin/v1/tenants', () => {
  it('answers 201 with the tenant', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', TENANTS, { headers: ADMIN, json: { name: 'Acme Dental', quotas: { messagesPerDay: 5000 } } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: IDS.tenant, name: 'Acme Dental' });
    expect(callsTo(deps, 'tenants.create')[0]?.args).toEqual([{ name: 'Acme Dental', quotas: { messagesPerDay: 5000 } }]);
  });

  it('refuses a missing name: 400 invalid_request naming the field', async () => {
    const res = await testApp().call('POST', TENANTS, { headers: ADMIN, json: {} });
    expect([res.status, res.body.error.code, res.body.error.issues[0].path]).toEqual([400, 'invalid_request', 'name']);
  });

  it('refuses an empty body: 400 invalid_json', async () => {
    const res = await testApp().call('POST', TENANTS, { headers: { ...ADMIN, 'content-type': 'application/json' }, body: '' });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  it('refuses a merge patch type on POST: 415', async () => {
    const res = await testApp().call('POST', TENANTS, {
      headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' },
      body: '{"name":"x"}',
    });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('passes an upstream failure through as 502 upstream_error', async () => {
    const res = await testApp({ tenants: { create: rejecting('upstream_error') } }).call('POST', TENANTS, {
      headers: ADMIN,
      json: { name: 'x' },
    });
    expect([res.status, res.body.error.code]).toEqual([502, 'upstream_error']);
  });
});

describe('GET /admin/v1/tenants', () => {
  it('lists tenants, without deleted ones by default', async () => {
    const { call, deps } = testApp();
    const res = await call('GET', TENANTS, { headers: ADMIN });
    expect([res.status, res.body.items.length]).toEqual([200, 1]);
    expect(callsTo(deps, 'tenants.list')[0]?.args).toEqual([{ includeDeleted: false }]);
  });

  it('includes deleted ones with includeDeleted=true', async () => {
    const { call, deps } = testApp();
    await call('GET', `${TENANTS}?includeDeleted=true`, { headers: ADMIN });
    expect(callsTo(deps, 'tenants.list')[0]?.args).toEqual([{ includeDeleted: true }]);
  });

  it('refuses an unknown query parameter: 400 invalid_request', async () => {
    const res = await testApp().call('GET', `${TENANTS}?limit=5`, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(res.body.error.issues[0]).toEqual({ path: '(query)', message: expect.stringContaining('limit') });
  });

  it('refuses a value other than true or false: 400 invalid_request', async () => {
    const res = await testApp().call('GET', `${TENANTS}?includeDeleted=yes`, { headers: ADMIN });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'includeDeleted']);
  });
});

describe('GET /admin/v1/tenants/{id}', () => {
  it('shows the tenant the path names', async () => {
    const { call, deps } = testApp();
    const res = await call('GET', TENANT, { headers: ADMIN });
    expect([res.status, res.body.id]).toEqual([200, IDS.tenant]);
    expect(callsTo(deps, 'tenants.get')[0]?.args).toEqual([IDS.tenant]);
  });

  it('passes an unknown id through as 404 tenant_not_found', async () => {
    const res = await testApp({ tenants: { get: rejecting('tenant_not_found') } }).call('GET', `${TENANTS}/tn_nope`, {
      headers: ADMIN,
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
  });
});

describe('PATCH /admin/v1/tenants/{id}', () => {
  it('accepts a JSON merge patch', async () => {
    const { call, deps } = testApp();
    const res = await call('PATCH', TENANT, {
      headers: { ...ADMIN, 'content-type': 'application/merge-patch+json' },
      body: '{"name":"Renamed","quotas":{"messagesPerDay":null}}',
    });
    expect([res.status, res.body.name]).toEqual([200, 'Renamed']);
    expect(callsTo(deps, 'tenants.update')[0]?.args).toEqual([IDS.tenant, { name: 'Renamed', quotas: { messagesPerDay: null } }]);
  });

  it('accepts plain JSON too', async () => {
    const res = await testApp().call('PATCH', TENANT, { headers: ADMIN, json: { status: 'suspended' } });
    expect(res.status).toBe(200);
  });

  it('refuses another status: 400 invalid_request', async () => {
    const res = await testApp().call('PATCH', TENANT, { headers: ADMIN, json: { status: 'deleted' } });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'status']);
  });

  it('passes reactivating a deleted tenant through as 409 conflict', async () => {
    const res = await testApp({ tenants: { update: rejecting('conflict') } }).call('PATCH', TENANT, {
      headers: ADMIN,
      json: { status: 'active' },
    });
    expect([res.status, res.body.error.code]).toEqual([409, 'conflict']);
  });

  it('passes an unknown id through as 404 tenant_not_found', async () => {
    const res = await testApp({ tenants: { update: rejecting('tenant_not_found') } }).call('PATCH', TENANT, {
      headers: ADMIN,
      json: {},
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
  });
});

describe('DELETE /admin/v1/tenants/{id}', () => {
  it('deletes without purging the sub-account by default', async () => {
    const { call, deps } = testApp();
    const res = await call('DELETE', TENANT, { headers: ADMIN });
    expect([res.status, res.body.status]).toEqual([200, 'suspended']);
    expect(callsTo(deps, 'tenants.delete')[0]?.args).toEqual([IDS.tenant, { purgeUpstream: false }]);
  });

  it('purges the sub-account with purgeUpstream=true', async () => {
    const { call, deps } = testApp();
    await call('DELETE', `${TENANT}?purgeUpstream=true`, { headers: ADMIN });
    expect(callsTo(deps, 'tenants.delete')[0]?.args[1]).toEqual({ purgeUpstream: true });
  });

  it('refuses an unknown query parameter: 400, nothing deleted', async () => {
    const { call, deps } = testApp();
    const res = await call('DELETE', `${TENANT}?purge=true`, { headers: ADMIN });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    expect(deps.calls).toEqual([]);
  });

  it('passes a failed purge through as 503 upstream_unavailable', async () => {
    const res = await testApp({ tenants: { delete: rejecting('upstream_unavailable') } }).call(
      'DELETE',
      `${TENANT}?purgeUpstream=true`,
      {
        headers: ADMIN,
      },
    );
    expect([res.status, res.body.error.code]).toEqual([503, 'upstream_unavailable']);
  });
});
