/**
 * For tests only: identity tokens as a customer's backend would sign them (and as an attacker
 * would forge them), with jose. `claims` defaults to a valid token for `aud` issued now.
 */
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';

export interface IdentityClaimsInput {
  sub?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
  aud?: string | string[] | undefined;
  /** Seconds since the epoch. */
  iat?: number | undefined;
  exp?: number | undefined;
  [claim: string]: unknown;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a valid token for `aud`, at `nowMs`, with `over` applied (undefined removes a claim). */
export function identityClaims(aud: string, nowMs: number, over: IdentityClaimsInput = {}): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  const claims: Record<string, unknown> = {
    sub: 'user-42',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    aud,
    iat,
    exp: iat + 300,
    ...over,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return claims;
}

/** The HMAC key of an identity secret: its text. */
export const secretKey = (secret: string) => createSecretKey(Buffer.from(secret, 'utf8'));

/** Sign `claims` with `key` under `header` (alg HS256, EdDSA or ES256). */
export function signIdentity(key: KeyObject, claims: Record<string, unknown>, header: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

/** An unsigned token (`alg: none`), with an empty or a made-up signature part. */
export function unsignedIdentity(claims: Record<string, unknown>, signature = ''): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.${signature}`;
}

/** A fresh key pair of the customer's kind, its public half as the SPKI PEM they would register. */
export function identityKeyPair(alg: 'EdDSA' | 'ES256') {
  const pair = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwk: () => exportJWK(pair.publicKey),
  };
}
