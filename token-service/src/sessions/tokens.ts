/**
 * Visitor session tokens: short-lived JWTs signed by the keyring. Verification pins the algorithm,
 * issuer, audience and `typ`, requires every claim we rely on (jose would accept a token without
 * `exp`), and refuses oversized tokens before any parsing.
 */
import { sign } from 'node:crypto';
import { errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { LIMITS, idPattern } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import type { Clock } from '../platform/clock.js';
import { randomBase62 } from '../platform/ids.js';
import { SIGNING_ALGS, type Keyring } from '../signing-keys/keyring.js';

export const TOKEN_TYPE = 'tessera-visitor+jwt';
export const TOKEN_AUDIENCE = 'tessera:widget';
const CLOCK_TOLERANCE_SECONDS = 5;

export interface VisitorClaims {
  visitorId: string;
  siteKey: string;
  tenantId: string;
  origin: string;
  jti: string;
  issuedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

export interface TokenIssuerOptions {
  keyring: Keyring;
  clock: Clock;
  issuer: string;
  ttlSeconds: number;
  resumeWindowSeconds: number;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

const SITE_KEY = idPattern('siteKey');
const VISITOR = idPattern('visitor');
const TENANT = idPattern('tenant');

function claimsOf(payload: JWTPayload): VisitorClaims | null {
  const { sub, site, tid, origin, jti, iat, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || !VISITOR.test(sub)) return null;
  if (typeof site !== 'string' || !SITE_KEY.test(site)) return null;
  if (typeof tid !== 'string' || !TENANT.test(tid)) return null;
  if (typeof origin !== 'string' || typeof jti !== 'string') return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null; // check: token-exp-required
  return { visitorId: sub, siteKey: site, tenantId: tid, origin, jti, issuedAt: iat * 1000, expiresAt: exp * 1000 };
}

/** Verified tokens remembered (bounded), so a visitor's every request does not re-verify a signature. */
const VERIFIED_CACHE_SIZE = 20_000;

export class TokenIssuer {
  /**
   * Tokens already verified, by their exact text. The same bytes verify the same way until `exp`,
   * which is checked again on every use; everything else a request needs (site status, origin
   * list, key rotation of the site) is checked per request outside the token. Verifying an EdDSA
   * signature through WebCrypto took ~12% of the relay's CPU (`pnpm bench relay`, profiled).
   */
  private readonly verified = new Map<string, VisitorClaims>();
  /** The encoded JWS header of the active key (the same for every token it signs). */
  private header = { kid: '', segment: '' };

  constructor(private readonly opts: TokenIssuerOptions) {}

  /**
   * Sign a session token. Signing is the one JWT step not done by jose: jose signs through WebCrypto,
   * whose asynchronous job took ~17% of the session route's CPU (`pnpm bench mint`, profiled);
   * node:crypto signs the same compact JWS synchronously in about half the time. Every token minted
   * here is verified by jose's jwtVerify in `verify()`, in every test that uses a session.
   */
  mint(claims: { visitorId: string; siteKey: string; tenantId: string; origin: string }): { token: string; expiresAt: number } {
    const key = this.opts.keyring.active();
    const iat = Math.floor(this.opts.clock.now() / 1000);
    const exp = iat + this.opts.ttlSeconds;
    if (this.header.kid !== key.kid) {
      this.header = { kid: key.kid, segment: base64url(JSON.stringify({ alg: key.alg, kid: key.kid, typ: TOKEN_TYPE })) };
    }
    const payload = {
      site: claims.siteKey,
      tid: claims.tenantId,
      origin: claims.origin,
      iss: this.opts.issuer,
      aud: TOKEN_AUDIENCE,
      sub: claims.visitorId,
      jti: randomBase62(16),
      iat,
      exp,
    };
    const input = `${this.header.segment}.${base64url(JSON.stringify(payload))}`;
    const signature =
      key.alg === 'EdDSA'
        ? sign(null, Buffer.from(input), key.signingKey!)
        : sign('sha256', Buffer.from(input), { key: key.signingKey!, dsaEncoding: 'ieee-p1363' });
    return { token: `${input}.${signature.toString('base64url')}`, expiresAt: exp * 1000 };
  }

  /**
   * Verify a token for an API call. With `allowExpired`, a token whose signature and claims are valid
   * but whose `exp` passed less than the resume window ago is accepted too (session renewal only).
   */
  async verify(token: string, opts: { allowExpired?: boolean } = {}): Promise<VisitorClaims> {
    if (
      token.length > LIMITS.token || // check: token-size-cap
      !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)
    ) {
      throw new ServiceError('token_invalid');
    }
    const known = this.verified.get(token);
    if (known && this.opts.clock.now() < known.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: SIGNING_ALGS, // check: token-alg-pinned
        issuer: this.opts.issuer, // check: token-issuer
        audience: TOKEN_AUDIENCE, // check: token-audience
        typ: TOKEN_TYPE, // check: token-typ
        requiredClaims: ['exp', 'iat', 'sub', 'jti', 'site', 'tid', 'origin'], // check: token-exp-required
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.opts.clock.now()),
      }));
    } catch (err) {
      // JWTExpired is raised after the signature and every other claim check passed, so its payload
      // is authentic; only a renewal may use it, and only within the resume window.
      if (err instanceof errors.JWTExpired && err.claim === 'exp') {
        const claims = claimsOf(err.payload);
        if (!claims || !this.withinLifetime(claims)) throw new ServiceError('token_invalid');
        if (!opts.allowExpired) throw new ServiceError('token_expired'); // check: token-expiry
        if (this.opts.clock.now() > claims.expiresAt + this.opts.resumeWindowSeconds * 1000 /* check: resume-window */) {
          throw new ServiceError('resume_rejected');
        }
        return claims;
      }
      throw new ServiceError('token_invalid');
    }
    const claims = claimsOf(payload);
    if (!claims || !this.withinLifetime(claims)) throw new ServiceError('token_invalid');
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims;
  }

  /**
   * A token lives at most the session lifetime and was not issued in the future: a validly signed
   * token with an `exp` far away (a key leaked, a bug) is refused rather than honoured for years.
   */
  private withinLifetime(claims: VisitorClaims): boolean {
    const tolerance = CLOCK_TOLERANCE_SECONDS * 1000;
    return (
      claims.expiresAt - claims.issuedAt <= this.opts.ttlSeconds * 1000 + tolerance && // check: token-lifetime-max, token-exp-required
      claims.issuedAt <= this.opts.clock.now() + tolerance // check: token-iat-not-future
    );
  }

  private async keyFor(header: JWTHeaderParameters) {
    const key = await this.opts.keyring.verificationKey(header.kid);
    if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey(); // check: token-alg-pinned
    return key.publicKey;
  }
}
