/** The shapes of signed-in visitors: identity keys, the identity field of a session request, the inbox's user. */
import { describe, expect, it } from 'vitest';
import {
  AddIdentityKeyRequest,
  CreateIdentitySecretRequest,
  ERROR_CODES,
  IdentityKeyId,
  InboxQuery,
  SessionRequest,
  UpdateSiteRequest,
  UpdateWidgetRequest,
} from './index.js';

const PEM =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';

describe('identity', () => {
  it('a session request takes an identity token: a compact JWT of at most 4096 characters', () => {
    expect(SessionRequest.safeParse({ identity: 'aa.bb.cc' }).success).toBe(true);
    expect(SessionRequest.safeParse({ identity: 'aa.bb.cc', resume: 'x.y.z' }).success).toBe(true);
    for (const identity of ['', 'aa.bb', 'aa.bb.cc.dd', 'a+a.bb.cc', `${'a'.repeat(4094)}.b.c`, 42]) {
      expect(SessionRequest.safeParse({ identity }).success).toBe(false);
    }
  });

  it('a secret lives on for a grace period of 0 to 7 days, whole seconds', () => {
    expect(CreateIdentitySecretRequest.parse({})).toEqual({});
    expect(CreateIdentitySecretRequest.parse({ graceSeconds: 0 })).toEqual({ graceSeconds: 0 });
    for (const graceSeconds of [-1, 604_801, 1.5, '60']) {
      expect(CreateIdentitySecretRequest.safeParse({ graceSeconds }).success).toBe(false);
    }
  });

  it('a public key is a PEM SPKI for EdDSA or ES256, never a private key or HS256', () => {
    expect(AddIdentityKeyRequest.safeParse({ alg: 'EdDSA', publicKey: PEM }).success).toBe(true);
    expect(AddIdentityKeyRequest.safeParse({ alg: 'ES256', publicKey: PEM }).success).toBe(true);
    expect(AddIdentityKeyRequest.safeParse({ alg: 'HS256', publicKey: PEM }).success).toBe(false);
    expect(AddIdentityKeyRequest.safeParse({ alg: 'EdDSA', publicKey: PEM.replaceAll('PUBLIC', 'PRIVATE') }).success).toBe(false);
    expect(AddIdentityKeyRequest.safeParse({ alg: 'EdDSA', publicKey: `${PEM}\n${PEM}` }).success).toBe(false);
  });

  it('key ids are ik_ ids; the site switches are booleans the partner and the customer may set', () => {
    expect(IdentityKeyId.safeParse('ik_0123456789abcdefABCDEF').success).toBe(true);
    expect(IdentityKeyId.safeParse('../ik').success).toBe(false);
    expect(UpdateSiteRequest.parse({ identityRequired: true, identityAdopt: false })).toEqual({
      identityRequired: true,
      identityAdopt: false,
    });
    expect(UpdateWidgetRequest.parse({ identityRequired: false })).toEqual({ identityRequired: false });
    expect(UpdateSiteRequest.safeParse({ identityRequired: 'yes' }).success).toBe(false);
  });

  it('the inbox filters by user subject (exact, no control characters)', () => {
    expect(InboxQuery.parse({ user: 'user-42' }).user).toBe('user-42');
    expect(InboxQuery.safeParse({ user: '' }).success).toBe(false);
    expect(InboxQuery.safeParse({ user: 'a\nb' }).success).toBe(false);
  });

  it('has a code for each refusal, 401 but for a site without keys', () => {
    expect(
      Object.fromEntries(
        ['identity_invalid', 'identity_expired', 'identity_wrong_site', 'identity_required', 'identity_not_configured'].map(
          (c) => [c, ERROR_CODES[c as keyof typeof ERROR_CODES].status],
        ),
      ),
    ).toEqual({
      identity_invalid: 401,
      identity_expired: 401,
      identity_wrong_site: 401,
      identity_required: 401,
      identity_not_configured: 400,
    });
  });
});
