/** Signing keys and tokens on a real store: env keys, stored keys shared by replicas, rotation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { ServiceError } from '../errors.js';
import type { Db } from '../platform/db.js';
import { openTestDb } from '../platform/test-db.js';
import { TokenIssuer } from '../sessions/tokens.js';
import { Keyring, KeyringError } from './keyring.js';
import { createSigningKeyStore } from './store.js';

let db: Db;
let now = Date.now();
const clock = { now: () => now };
const claims = {
  visitorId: 'vi_0123456789abcdefghijkl',
  siteKey: 'pk_0123456789abcdefghijkl',
  tenantId: 'tn_0123456789abcdefghijkl',
  origin: 'https://a.example',
};

const open = (envKeys: string | null = null) =>
  Keyring.open({ store: createSigningKeyStore(db), clock, envKeys, ttlSeconds: 600, resumeWindowSeconds: 86_400 });
const issuer = (keyring: Keyring) =>
  new TokenIssuer({ keyring, clock, issuer: 'urn:test', ttlSeconds: 600, resumeWindowSeconds: 86_400 });

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

describe('stored keys', () => {
  it('are generated once and shared: a token minted by one replica verifies on another', async () => {
    const a = await open();
    const b = await open();
    expect(a.active().kid).toBe(b.active().kid);
    const { token } = issuer(a).mint(claims);
    expect(await issuer(b).verify(token)).toMatchObject(claims);
  });

  it('a rotation on one replica reaches the other through the unknown kid', async () => {
    const a = await open();
    const b = await open();
    const old = issuer(a).mint(claims);
    await a.rotate();
    now += 6000; // past the reload throttle
    const fresh = issuer(a).mint(claims);
    expect(await issuer(b).verify(fresh.token)).toMatchObject({ visitorId: claims.visitorId });
    expect(await issuer(b).verify(old.token)).toMatchObject({ visitorId: claims.visitorId });
    expect(a.jwks().keys.map((k) => k.kid)).toContain(b.active().kid);
  });

  it('a retired key stops verifying once its tokens could not be renewed any more', async () => {
    const a = await open();
    const { token } = issuer(a).mint(claims);
    await a.rotate();
    now += (600 + 86_400) * 1000 + 10_000;
    await expect(issuer(a).verify(token, { allowExpired: true })).rejects.toMatchObject({ code: 'token_invalid' });
    now = Date.now();
  });
});

describe('keys from the environment', () => {
  it('sign with the first key and verify with the rest', async () => {
    const k1 = await generateKeyPair('ES256', { extractable: true });
    const k2 = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const old = await open(JSON.stringify({ keys: [{ ...(await exportJWK(k2.privateKey)), kid: 'old' }] }));
    const oldToken = issuer(old).mint(claims).token;
    const ring = await open(
      JSON.stringify({
        keys: [
          { ...(await exportJWK(k1.privateKey)), kid: 'new' },
          { ...(await exportJWK(k2.publicKey)), kid: 'old' },
        ],
      }),
    );
    expect(ring.active()).toMatchObject({ kid: 'new', alg: 'ES256' });
    expect(await issuer(ring).verify(oldToken)).toMatchObject({ siteKey: claims.siteKey });
    await expect(ring.rotate()).rejects.toBeInstanceOf(KeyringError);
  });

  it('explain what is wrong without echoing the key', async () => {
    await expect(open('not json')).rejects.toThrow(/must be JSON/);
    const pub = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })).publicKey);
    await expect(open(JSON.stringify(pub))).rejects.toThrow(/first key must be a private key/);
    const rsa = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey);
    const err = await open(JSON.stringify(rsa)).catch((e: Error) => e);
    expect(String(err)).toMatch(/only Ed25519/);
    expect(String(err)).not.toContain(String(rsa.d));
  });
});

describe('token verification', () => {
  it('refuses an expired token unless renewing, and renewal only within the window', async () => {
    const ring = await open();
    const { token } = issuer(ring).mint(claims);
    now += 601_000 + 5000;
    await expect(issuer(ring).verify(token)).rejects.toMatchObject({ code: 'token_expired' });
    expect(await issuer(ring).verify(token, { allowExpired: true })).toMatchObject(claims);
    now += 86_400_000;
    const err = await issuer(ring)
      .verify(token, { allowExpired: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe('resume_rejected');
    now = Date.now();
  });

  it('allows a small clock skew', async () => {
    const ring = await open();
    const { token } = issuer(ring).mint(claims);
    now += 603_000;
    expect(await issuer(ring).verify(token)).toMatchObject(claims);
    now = Date.now();
  });
});
