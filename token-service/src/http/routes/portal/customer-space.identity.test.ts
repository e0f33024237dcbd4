/**
 * The customer's identity keys in memory (portal): an owner creates a secret (shown once, never
 * cached), adds a public key, lists and removes keys; the site is looked up within the tenant first
 * (another customer's site is 404 and the identity service is never called); editors and viewers
 * cannot change keys; the widget settings carry identityRequired and identityAdopt.
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/client.js';
import { callsTo, IDS, id, portalAs, rejecting, samples } from '../../testing/fakes.js';

const SITE = `/portal/api/tenants/${IDS.tenant}/sites/${IDS.site}`;
const ED25519_PEM =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';
const identityCalls = (calls: { name: string }[]) => calls.filter((c) => c.name.startsWith('identity.'));

describe('portal identity keys', () => {
  it('an owner creates a secret: 201, shown once with no-store, the grace passed on', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `${SITE}/identity-secret`, { headers: portalAs('owner') });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ kid: IDS.identityKey, alg: 'HS256', secret: 's'.repeat(43) });
    expect(callsTo(deps, 'sites.getOfTenant')[0]?.args).toEqual([IDS.tenant, IDS.site]);
    // None sent: the service's default (a day).
    expect(callsTo(deps, 'identity.createSecret')[0]?.args[1]).toBeUndefined();

    await call('POST', `${SITE}/identity-secret`, { headers: portalAs('owner'), json: { graceSeconds: 3600 } });
    expect(callsTo(deps, 'identity.createSecret')[1]?.args[1]).toBe(3600);
  });

  it('refuses a grace longer than 7 days: 400 naming it, nothing created', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `${SITE}/identity-secret`, { headers: portalAs('owner'), json: { graceSeconds: 604_801 } });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'graceSeconds']);
    expect(identityCalls(deps.calls)).toEqual([]);
  });

  it('adds a public key (201) and refuses one that is not a PEM public key, naming the field', async () => {
    const { call, deps } = testApp();
    const ok = await call('POST', `${SITE}/identity-keys`, {
      headers: portalAs('owner'),
      json: { alg: 'EdDSA', publicKey: ED25519_PEM },
    });
    expect([ok.status, ok.body.kind, ok.body.alg]).toEqual([201, 'public', 'EdDSA']);
    expect(callsTo(deps, 'identity.addPublicKey')[0]?.args[1]).toEqual({ alg: 'EdDSA', publicKey: ED25519_PEM });

    const bad = await call('POST', `${SITE}/identity-keys`, {
      headers: portalAs('owner'),
      json: { alg: 'RS256', publicKey: 'ssh-ed25519 AAAA' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['alg', 'publicKey']);
    expect(callsTo(deps, 'identity.addPublicKey')).toHaveLength(1);
  });

  it('lists the keys to any member (a viewer too), and removes one for an owner: 204', async () => {
    const { call, deps } = testApp();
    const list = await call('GET', `${SITE}/identity-keys`, { headers: portalAs('viewer') });
    expect([list.status, list.body.items.length, 'secret' in list.body.items[0]]).toEqual([200, 1, false]);
    const removed = await call('DELETE', `${SITE}/identity-keys/${IDS.identityKey}`, { headers: portalAs('owner') });
    expect(removed.status).toBe(204);
    expect(callsTo(deps, 'identity.remove')[0]?.args[1]).toBe(IDS.identityKey);
  });

  it('an unknown key is 404 not_found', async () => {
    const { call } = testApp({ identity: { remove: rejecting('not_found') } });
    const res = await call('DELETE', `${SITE}/identity-keys/${id('ik', 'X')}`, { headers: portalAs('owner') });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });

  it("another customer's site id is 404 on every identity route, and the identity service is never called", async () => {
    const { call, deps } = testApp({ sites: { getOfTenant: rejecting('not_found') } });
    const theirs = `/portal/api/tenants/${IDS.tenant}/sites/${id('st', 'O')}`;
    for (const [method, path, json] of [
      ['POST', `${theirs}/identity-secret`, {}],
      ['POST', `${theirs}/identity-keys`, { alg: 'EdDSA', publicKey: ED25519_PEM }],
      ['GET', `${theirs}/identity-keys`, undefined],
      ['DELETE', `${theirs}/identity-keys/${IDS.identityKey}`, undefined],
    ] as const) {
      const res = await call(method, path, { headers: portalAs('owner'), ...(json ? { json } : {}) });
      expect([res.status, res.body.error.code], `${method} ${path}`).toEqual([404, 'not_found']);
    }
    expect(identityCalls(deps.calls)).toEqual([]);
  });

  it('editors and viewers cannot change keys: 403 forbidden, nothing looked up', async () => {
    for (const who of ['viewer', 'editor'] as const) {
      const { call, deps } = testApp();
      for (const [method, path, json] of [
        ['POST', `${SITE}/identity-secret`, {}],
        ['POST', `${SITE}/identity-keys`, { alg: 'EdDSA', publicKey: ED25519_PEM }],
        ['DELETE', `${SITE}/identity-keys/${IDS.identityKey}`, undefined],
      ] as const) {
        const res = await call(method, path, { headers: portalAs(who), ...(json ? { json } : {}) });
        expect([res.status, res.body.error.code], `${who} ${method} ${path}`).toEqual([403, 'forbidden']);
      }
      expect(
        deps.calls.filter((c) => c.name.startsWith('identity.') || c.name.startsWith('sites.')),
        who,
      ).toEqual([]);
    }
  });
});

describe('portal widget settings: signed-in visitors', () => {
  it('an editor turns identityRequired on and identityAdopt off: both passed on, nothing else', async () => {
    const { call, deps } = testApp({
      sites: {
        updateOfTenant: async (_t, siteId, body) =>
          samples.site({ id: siteId!, identityRequired: body.identityRequired!, identityAdopt: body.identityAdopt! }),
      },
    });
    const res = await call('PATCH', SITE, {
      headers: { ...portalAs('editor'), 'content-type': 'application/merge-patch+json' },
      json: { identityRequired: true, identityAdopt: false },
    });
    expect(res.status).toBe(200);
    expect([res.body.identityRequired, res.body.identityAdopt]).toEqual([true, false]);
    expect(callsTo(deps, 'sites.updateOfTenant')[0]?.args[2]).toEqual({ identityRequired: true, identityAdopt: false });
  });

  it('refuses a toggle that is not a boolean: 400 naming it', async () => {
    const res = await testApp().call('PATCH', SITE, { headers: portalAs('owner'), json: { identityRequired: 'yes' } });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'identityRequired']);
  });
});
