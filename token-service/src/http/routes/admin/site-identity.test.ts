/** Admin identity keys of a site in memory: the routes' answers, bodies and refusals (the rules: sessions.identity.test.ts). */
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../errors.js';
import { pathOf, routeCases, testApp } from '../../testing/client.js';
import { ADMIN, callsTo, IDS, rejecting } from '../../testing/fakes.js';
import { addIdentityKey, createIdentitySecret, listIdentityKeys, removeIdentityKey } from './site-identity.js';

const SITE = `/admin/v1/sites/${IDS.site}`;
const PEM =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';

describe('every identity-key route', () => {
  it.each(routeCases(createIdentitySecret, addIdentityKey, listIdentityKeys, removeIdentityKey))(
    '%s refuses without the admin token: 401, nothing done',
    async (_, spec) => {
      const { call, deps } = testApp();
      const res = await call(spec.method.toUpperCase(), pathOf(spec));
      expect([res.status, res.body.error.code]).toEqual([401, 'admin_unauthorized']);
      expect(deps.calls).toEqual([]);
    },
  );

  it.each(routeCases(createIdentitySecret, listIdentityKeys, removeIdentityKey))(
    '%s of an unknown site: 404, the identity service not asked',
    async (_, spec) => {
      const { call, deps } = testApp({ sites: { get: rejecting('not_found', { message: 'No such site.' }) } });
      const res = await call(spec.method.toUpperCase(), pathOf(spec), { headers: ADMIN });
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
      expect(deps.calls.filter((c) => c.name.startsWith('identity.'))).toEqual([]);
    },
  );
});

describe('POST /admin/v1/sites/{siteId}/identity-secret', () => {
  it('answers 201 with the secret, never cached; the grace period defaults in the service', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `${SITE}/identity-secret`, { headers: ADMIN });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kid: IDS.identityKey, alg: 'HS256', secret: expect.any(String) });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(callsTo(deps, 'identity.createSecret')[0]!.args[1]).toBeUndefined();
  });

  it('passes graceSeconds; refuses one over 7 days or not whole: 400, nothing made', async () => {
    const { call, deps } = testApp();
    await call('POST', `${SITE}/identity-secret`, { headers: ADMIN, json: { graceSeconds: 0 } });
    expect(callsTo(deps, 'identity.createSecret')[0]!.args[1]).toBe(0);
    for (const graceSeconds of [604_801, 1.5, -1, '3600']) {
      const res = await call('POST', `${SITE}/identity-secret`, { headers: ADMIN, json: { graceSeconds } });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    }
    expect(callsTo(deps, 'identity.createSecret')).toHaveLength(1);
  });

  it('passes a full site through as 409 conflict', async () => {
    const res = await testApp({ identity: { createSecret: rejecting('conflict') } }).call('POST', `${SITE}/identity-secret`, {
      headers: ADMIN,
    });
    expect([res.status, res.body.error.code]).toEqual([409, 'conflict']);
  });
});

describe('POST /admin/v1/sites/{siteId}/identity-keys', () => {
  it('answers 201 with the key (never a secret)', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `${SITE}/identity-keys`, { headers: ADMIN, json: { alg: 'EdDSA', publicKey: PEM } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      kid: IDS.identityKey,
      kind: 'public',
      alg: 'EdDSA',
      createdAt: expect.any(Number),
      retiresAt: null,
    });
    expect(callsTo(deps, 'identity.addPublicKey')[0]!.args[1]).toEqual({ alg: 'EdDSA', publicKey: PEM });
  });

  it('refuses HS256, a private key, anything but a PEM public key, and extra fields: 400', async () => {
    const { call, deps } = testApp();
    for (const json of [
      { alg: 'HS256', publicKey: PEM },
      { alg: 'none', publicKey: PEM },
      { alg: 'EdDSA', publicKey: PEM.replaceAll('PUBLIC', 'PRIVATE') },
      { alg: 'EdDSA', publicKey: 'ssh-ed25519 AAAAC3Nz' },
      { alg: 'EdDSA', publicKey: PEM, kid: 'mine' },
    ]) {
      const res = await call('POST', `${SITE}/identity-keys`, { headers: ADMIN, json });
      expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
    }
    expect(callsTo(deps, 'identity.addPublicKey')).toEqual([]);
  });
});

describe('GET and DELETE /admin/v1/sites/{siteId}/identity-keys', () => {
  it('lists the keys', async () => {
    const res = await testApp().call('GET', `${SITE}/identity-keys`, { headers: ADMIN });
    expect([res.status, res.body.items.map((k: { kid: string }) => k.kid)]).toEqual([200, [IDS.identityKey]]);
  });

  it('removes a key: 204; an unknown one: 404', async () => {
    const { call, deps } = testApp();
    const res = await call('DELETE', `${SITE}/identity-keys/${IDS.identityKey}`, { headers: ADMIN });
    expect(res.status).toBe(204);
    expect(callsTo(deps, 'identity.remove')[0]!.args[1]).toBe(IDS.identityKey);
    const unknown = await testApp({
      identity: {
        remove: async () => {
          throw new ServiceError('not_found', { message: 'No such identity key.' });
        },
      },
    }).call('DELETE', `${SITE}/identity-keys/ik_nope`, { headers: ADMIN });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('PATCH /admin/v1/sites/{siteId}', () => {
  it('takes identityRequired and identityAdopt; refuses them as anything but booleans', async () => {
    const { call, deps } = testApp();
    const ok = await call('PATCH', SITE, { headers: ADMIN, json: { identityRequired: true, identityAdopt: false } });
    expect(ok.status).toBe(200);
    expect(callsTo(deps, 'sites.update')[0]!.args[1]).toEqual({ identityRequired: true, identityAdopt: false });
    const bad = await call('PATCH', SITE, { headers: ADMIN, json: { identityRequired: 'yes' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
  });
});
