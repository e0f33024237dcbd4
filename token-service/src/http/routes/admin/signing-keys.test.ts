/** Admin signing keys in memory: list and rotate. */
import { describe, expect, it } from 'vitest';
import { pathOf, routeCases, testApp } from '../../testing/client.js';
import { ADMIN, callsTo, rejecting } from '../../testing/fakes.js';
import { listSigningKeys, rotateSigningKeys } from './signing-keys.js';

const KEYS = '/admin/v1/signing-keys';

describe('every signing-key route', () => {
  it.each(routeCases(listSigningKeys, rotateSigningKeys))('%s refuses without the admin token: 401', async (_, spec) => {
    const { call, deps } = testApp();
    const res = await call(spec.method.toUpperCase(), pathOf(spec));
    expect([res.status, res.body.error.code]).toEqual([401, 'admin_unauthorized']);
    expect(deps.calls).toEqual([]);
  });
});

describe('GET /admin/v1/signing-keys', () => {
  it('lists the keys', async () => {
    const res = await testApp().call('GET', KEYS, { headers: ADMIN });
    expect([res.status, res.body.items.map((k: { kid: string }) => k.kid)]).toEqual([200, ['key-1']]);
  });
});

describe('POST /admin/v1/signing-keys/rotate', () => {
  it('answers 201 with the keys after the rotation', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', `${KEYS}/rotate`, { headers: ADMIN });
    expect(res.status).toBe(201);
    expect(res.body.items.map((k: { status: string }) => k.status)).toEqual(['active', 'retired']);
    expect(callsTo(deps, 'signingKeys.rotate')).toHaveLength(1);
  });

  it('passes keys from the environment (which cannot rotate) through as 409 conflict', async () => {
    const res = await testApp({
      signingKeys: {
        rotate: rejecting('conflict', { message: 'The signing keys come from TESSERA_SIGNING_KEYS.' }),
      },
    }).call('POST', `${KEYS}/rotate`, { headers: ADMIN });
    expect([res.status, res.body.error]).toEqual([
      409,
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining('TESSERA') }),
    ]);
  });

  it('refuses GET: 405 with Allow', async () => {
    const res = await testApp().call('GET', `${KEYS}/rotate`, { headers: ADMIN });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
