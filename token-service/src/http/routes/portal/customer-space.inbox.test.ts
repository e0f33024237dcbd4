/**
 * The inbox by signed-in user, in memory (portal and admin API): `?user=<subject>` reaches the inbox
 * service as given, a malformed one is 400 naming it with no service call, items and transcripts
 * carry the user, and another customer's inbox is never asked for. (The SQL filter itself, and
 * that another customer's conversation is never listed: test/integration/inbox-users.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/client.js';
import { ADMIN, callsTo, IDS, id, portalAs, samples } from '../../testing/fakes.js';

const USER = { subject: 'user-42', name: 'Ada Lovelace', email: 'ada@shop.example' };
const PORTAL = `/portal/api/tenants/${IDS.tenant}/conversations`;
const ADMIN_LIST = `/admin/v1/tenants/${IDS.tenant}/conversations`;

const withUser = () => ({
  inbox: {
    list: async () => ({
      items: [samples.inboxItem({ user: USER }), samples.inboxItem({ id: id('cv', 'X') as never })],
      next: null,
    }),
    transcript: async () => ({ conversation: samples.inboxItem({ user: USER }), items: [] }),
  },
});

describe('the inbox by signed-in user', () => {
  it.each([
    ['portal', PORTAL, portalAs('viewer')],
    ['admin API', ADMIN_LIST, ADMIN],
  ] as const)('%s: passes ?user= on exactly, and lists each item with its user (or null)', async (_, path, headers) => {
    const { call, deps } = testApp(withUser());
    const res = await call('GET', `${path}?user=${encodeURIComponent('user 42/é')}&outcome=answered`, { headers });
    expect(res.status).toBe(200);
    expect(callsTo(deps, 'inbox.list')[0]?.args).toEqual([IDS.tenant, { user: 'user 42/é', outcome: 'answered', limit: 25 }]);
    expect(res.body.items.map((i: { user: unknown }) => i.user)).toEqual([USER, null]);
  });

  it('answers a transcript with its user in the header item', async () => {
    const res = await testApp(withUser()).call('GET', `${PORTAL}/${IDS.conversation}`, { headers: portalAs('viewer') });
    expect([res.status, res.body.conversation.user]).toEqual([200, USER]);
  });

  it.each([
    ['empty', ''],
    ['a control character', 'a%00b'],
    ['longer than a subject may be', 'x'.repeat(256)],
  ])('refuses a user filter that is %s: 400 naming it, no service call', async (_, value) => {
    const { call, deps } = testApp();
    const res = await call('GET', `${PORTAL}?user=${value}`, { headers: portalAs('viewer') });
    expect([res.status, res.body.error.code, res.body.error.issues?.[0]?.path]).toEqual([400, 'invalid_request', 'user']);
    expect(callsTo(deps, 'inbox.list')).toEqual([]);
  });

  it("never asks for another customer's inbox, whatever user is named", async () => {
    const { call, deps } = testApp(withUser());
    const res = await call('GET', `/portal/api/tenants/${IDS.otherTenant}/conversations?user=${USER.subject}`, {
      headers: portalAs('owner'),
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
    expect(callsTo(deps, 'inbox.list')).toEqual([]);
  });
});
