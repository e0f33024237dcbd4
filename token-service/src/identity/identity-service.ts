/**
 * Signed-in visitors. A site gets identity keys: HMAC secrets we generate (shown once; a new one
 * retires the earlier ones after a grace period) or the customer's Ed25519/P-256 public keys. The
 * customer's backend signs a short JWT for its user and the widget sends it when it opens a
 * session; `verify` checks it with jose against the site's own keys only, the algorithm pinned to
 * the key's (so `none`, HMAC keyed with a public key and keys named in the header never verify),
 * `aud` = the site key, `exp` required and at most 10 minutes after `iat`, `iat` not in the future.
 * `userVisitor` gives the user one visitor id per site, the same on every device.
 *
 * Nothing here logs, and no error carries the token, the subject, the name or the email.
 */
import { createPublicKey, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import {
  IDENTITY_CLAIM_LIMITS,
  IDENTITY_CLOCK_SKEW,
  IDENTITY_GRACE_DEFAULT,
  IDENTITY_KEYS_MAX,
  IDENTITY_TOKEN_MAX,
  IDENTITY_TOKEN_MAX_LIFETIME,
  IdentityKeyId,
  type Wire,
} from '@tessera/protocol';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { ServiceError } from '../errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { InvalidationBus } from '../platform/invalidation.js';
import type { IdentityAlg, IdentityKeyRecord, IdentityStore, VisitorIdentity } from './store.js';

export type { VisitorIdentity } from './store.js';

/** What a verified identity token says about the user. */
export interface IdentityClaims {
  subject: string;
  name: string | null;
  email: string | null;
}

/** The site an identity operation is about (a resolved site, a Wire.Site or a site record). */
export interface IdentitySite {
  id: string;
  siteKey: string;
}

export interface IdentityServiceDeps {
  store: IdentityStore;
  bus: InvalidationBus;
  clock: Clock;
  /** How long a site's keys stay cached, ms (changes invalidate them at once). */
  cacheTtlMs: number;
}

/** JWS header parameters that name or carry a key, or demand extensions: a token with any is refused. */
const REFUSED_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const CONTROL = /[\u0000-\u001F\u007F]/;
const MAX_CACHED_SITES = 10_000;

interface LiveKey {
  record: IdentityKeyRecord;
  key: KeyObject;
}

const invalid = () => new ServiceError('identity_invalid');

/** A claim that must be absent (null) or a short printable string. */
function optionalText(value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max || CONTROL.test(value)) throw invalid();
  return value.trim() === '' ? null : value;
}

function keyObjectOf(record: IdentityKeyRecord): KeyObject {
  return record.kind === 'secret'
    ? createSecretKey(Buffer.from(record.secret ?? '', 'utf8'))
    : createPublicKey({ key: record.publicKey ?? '', format: 'pem' });
}

export class IdentityService {
  /** Live keys by site key (a site without keys too), refreshed on every change through the bus. */
  private readonly keys = new Map<string, { keys: LiveKey[]; until: number }>();

  constructor(private readonly deps: IdentityServiceDeps) {
    deps.bus.subscribe({
      apply: (e) => {
        if (e.kind === 'site') this.keys.delete(e.siteKey);
        else if (e.kind === 'tenant') this.keys.clear();
      },
      resync: () => this.keys.clear(),
    });
  }

  /** A new HMAC secret for the site (shown once); the site's earlier secrets verify for `graceSeconds` more (default a day). */
  async createSecret(site: IdentitySite, graceSeconds: number | undefined): Promise<Wire.IdentitySecret> {
    graceSeconds ??= IDENTITY_GRACE_DEFAULT;
    const now = this.deps.clock.now();
    await this.deps.store.retireSecrets(site.id, now + graceSeconds * 1000, now);
    await this.assertRoom(site, now);
    const record: IdentityKeyRecord = {
      kid: newId('identityKey'),
      siteId: site.id,
      kind: 'secret',
      alg: 'HS256',
      secret: randomBytes(32).toString('base64url'),
      publicKey: null,
      createdAt: now,
      retiresAt: null,
    };
    await this.deps.store.insertKey(record);
    await this.changed(site);
    return { kid: record.kid as Wire.IdentitySecret['kid'], alg: 'HS256', secret: record.secret!, createdAt: now };
  }

  /** Register the customer's public key (Ed25519 for EdDSA, P-256 for ES256). */
  async addPublicKey(site: IdentitySite, body: { alg: 'EdDSA' | 'ES256'; publicKey: string }): Promise<Wire.IdentityKey> {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: body.publicKey, format: 'pem' });
    } catch {
      throw new ServiceError('invalid_request', { issues: [{ path: 'publicKey', message: 'must be a PEM public key' }] });
    }
    const fits =
      key.type === 'public' &&
      (body.alg === 'EdDSA'
        ? key.asymmetricKeyType === 'ed25519'
        : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
    if (!fits) {
      const message = body.alg === 'EdDSA' ? 'must be an Ed25519 public key for EdDSA' : 'must be a P-256 public key for ES256';
      throw new ServiceError('invalid_request', { issues: [{ path: 'publicKey', message }] });
    }
    const now = this.deps.clock.now();
    await this.assertRoom(site, now);
    const record: IdentityKeyRecord = {
      kid: newId('identityKey'),
      siteId: site.id,
      kind: 'public',
      alg: body.alg,
      secret: null,
      publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
      createdAt: now,
      retiresAt: null,
    };
    await this.deps.store.insertKey(record);
    await this.changed(site);
    return view(record);
  }

  /** The site's keys that verify now, oldest first (never a secret). */
  async list(site: IdentitySite): Promise<Wire.IdentityKeyList> {
    return { items: (await this.deps.store.liveKeys(site.id, this.deps.clock.now())).map(view) };
  }

  async remove(site: IdentitySite, kid: string | undefined): Promise<void> {
    const known = kid !== undefined && IdentityKeyId.safeParse(kid).success && (await this.deps.store.removeKey(site.id, kid));
    if (!known) throw new ServiceError('not_found', { message: 'No such identity key.' });
    await this.changed(site);
  }

  /**
   * The user an identity token names, if it verifies with one of this site's keys. Refusals:
   * identity_not_configured (the site has no key), identity_wrong_site (`aud` is another site),
   * identity_expired (authentic but past `exp`), identity_invalid (anything else).
   */
  async verify(site: IdentitySite, token: string): Promise<IdentityClaims> {
    if (token.length > IDENTITY_TOKEN_MAX || !COMPACT_JWS.test(token)) throw invalid();
    const keys = await this.liveKeys(site);
    if (keys.length === 0) throw new ServiceError('identity_not_configured');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw invalid();
    }
    if (REFUSED_HEADERS.some((name) => Object.hasOwn(header, name))) throw invalid();
    // Read before the signature only to name the refusal: a token meant for another site.
    const audience = typeof unverified.aud === 'string' ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
    if (audience.length > 0 && !audience.includes(site.siteKey)) throw new ServiceError('identity_wrong_site');
    // The algorithm is the key's: a header's `alg` only narrows which of the site's keys to try.
    const candidates = keys.filter(
      (k) => k.record.alg === header.alg && (header.kid === undefined || k.record.kid === header.kid),
    );
    const now = this.deps.clock.now();
    for (const { record, key } of candidates) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [record.alg],
          audience: site.siteKey,
          requiredClaims: ['exp', 'iat', 'sub', 'aud'],
          clockTolerance: IDENTITY_CLOCK_SKEW,
          currentDate: new Date(now),
        }));
      } catch (err) {
        if (err instanceof errors.JWSSignatureVerificationFailed) continue; // another of the site's keys may fit
        if (err instanceof errors.JWTExpired) throw new ServiceError('identity_expired');
        if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud' && err.reason === 'check_failed') {
          throw new ServiceError('identity_wrong_site');
        }
        throw invalid();
      }
      return claimsOf(payload, now);
    }
    throw invalid();
  }

  /** The visitor id of this user on this site: made on their first session, the same on every device after. */
  async userVisitor(site: IdentitySite, claims: IdentityClaims): Promise<string> {
    return this.deps.store.upsertUser({
      siteId: site.id,
      subject: claims.subject,
      name: claims.name,
      email: claims.email,
      visitorId: newId('visitor'),
      now: this.deps.clock.now(),
    });
  }

  /** The user behind a visitor id, or null for an anonymous visitor. */
  identityOf(visitorId: string): Promise<VisitorIdentity | null> {
    return this.deps.store.identityOf(visitorId);
  }

  /** Remember the user's ChatBotKit contact. */
  setContactId(visitorId: string, contactId: string): Promise<void> {
    return this.deps.store.setContactId(visitorId, contactId);
  }

  private async assertRoom(site: IdentitySite, now: number) {
    if ((await this.deps.store.liveKeys(site.id, now)).length >= IDENTITY_KEYS_MAX) {
      throw new ServiceError('conflict', {
        message: `A site has at most ${IDENTITY_KEYS_MAX} identity keys: remove one first.`,
      });
    }
  }

  /** Every replica drops what it cached of the site (its keys here, the site itself in the site cache). */
  private changed(site: IdentitySite): Promise<void> {
    this.keys.delete(site.siteKey);
    return this.deps.bus.publish({ kind: 'site', siteKey: site.siteKey });
  }

  private async liveKeys(site: IdentitySite): Promise<LiveKey[]> {
    const now = this.deps.clock.now();
    const cached = this.keys.get(site.siteKey);
    const keys =
      cached && cached.until > now
        ? cached.keys
        : await this.deps.store.liveKeys(site.id, now).then((records) => {
            const loaded = records.map((record) => ({ record, key: keyObjectOf(record) }));
            if (this.keys.size >= MAX_CACHED_SITES) this.keys.delete(this.keys.keys().next().value!);
            this.keys.set(site.siteKey, { keys: loaded, until: now + this.deps.cacheTtlMs });
            return loaded;
          });
    // A rotated-out secret stops at its end even while cached.
    return keys.filter((k) => k.record.retiresAt === null || k.record.retiresAt > now);
  }
}

function view(record: IdentityKeyRecord): Wire.IdentityKey {
  return {
    kid: record.kid as Wire.IdentityKey['kid'],
    kind: record.kind,
    alg: record.alg satisfies IdentityAlg,
    createdAt: record.createdAt,
    retiresAt: record.retiresAt,
  };
}

/** The claims we keep, after the checks jose does not make: lifetime, `iat` not in the future, the subject's shape. */
function claimsOf(payload: JWTPayload, now: number): IdentityClaims {
  const { sub, iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw invalid();
  if (exp - iat > IDENTITY_TOKEN_MAX_LIFETIME) throw invalid();
  if (iat * 1000 > now + IDENTITY_CLOCK_SKEW * 1000) throw invalid();
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > IDENTITY_CLAIM_LIMITS.subject || CONTROL.test(sub)) {
    throw invalid();
  }
  const claims = payload as Record<string, unknown>;
  return {
    subject: sub,
    name: optionalText(claims.name, IDENTITY_CLAIM_LIMITS.name),
    email: optionalText(claims.email, IDENTITY_CLAIM_LIMITS.email),
  };
}
