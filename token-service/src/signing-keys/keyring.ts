/**
 * The service's signing keys. Either given in TESSERA_SIGNING_KEYS (a private JWK or a JWK Set whose
 * first key signs), or generated on first start and kept in the database, where every replica finds
 * the same ones. Keys are imported once and kept as CryptoKeys; an unknown `kid` triggers a reload
 * (throttled) so a rotation on one replica reaches the others.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Wire } from '@tessera/protocol';
import type { Clock } from '../platform/clock.js';
import type { InvalidationBus } from '../platform/invalidation.js';
import type { NewKey, SigningKeyStore } from './store.js';

export type SigningAlg = 'EdDSA' | 'ES256';
export const SIGNING_ALGS: SigningAlg[] = ['EdDSA', 'ES256'];

export interface KeyEntry {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey | null;
  /** The same private key for node:crypto's synchronous signing (signing/tokens.ts). */
  signingKey: KeyObject | null;
  publicKey: CryptoKey;
  publicJwk: JWK;
  createdAt: number;
  retiredAt: number | null;
  source: 'environment' | 'stored';
}

export interface KeyringOptions {
  store: SigningKeyStore;
  /** Rotations announced on the bus (by any replica) make the keyring reload. */
  bus?: Pick<InvalidationBus, 'subscribe'>;
  clock: Clock;
  /** The raw TESSERA_SIGNING_KEYS value, or null to use stored keys. */
  envKeys: string | null;
  /** Session lifetime: a retired key stays published this long, so its live tokens keep verifying. */
  ttlSeconds: number;
  /** A retired key keeps verifying expired tokens for renewal this long after its last token expired. */
  resumeWindowSeconds: number;
}

export class KeyringError extends Error {
  override name = 'KeyringError';
}

const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const RELOAD_THROTTLE_MS = 5000;

function algOf(jwk: JWK): SigningAlg {
  if (jwk.alg === 'EdDSA' || jwk.alg === 'Ed25519' || (jwk.kty === 'OKP' && jwk.crv === 'Ed25519')) return 'EdDSA';
  if (jwk.alg === 'ES256' || (jwk.kty === 'EC' && jwk.crv === 'P-256')) return 'ES256';
  throw new KeyringError('TESSERA_SIGNING_KEYS: only Ed25519 (EdDSA) and P-256 (ES256) keys are supported');
}

function publicPart(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, key_ops: _ops, ext: _ext, ...pub } = jwk;
  return pub;
}

async function entryFromJwk(
  jwk: JWK,
  meta: { kid?: string; createdAt: number; retiredAt: number | null; source: KeyEntry['source'] },
): Promise<KeyEntry> {
  const alg = algOf(jwk);
  const pub = publicPart(jwk);
  const kid = meta.kid ?? jwk.kid ?? (await calculateJwkThumbprint(pub));
  if (!KID_PATTERN.test(kid)) throw new KeyringError('TESSERA_SIGNING_KEYS: a key has an unusable "kid"');
  const publicKey = (await importJWK({ ...pub, alg }, alg)) as CryptoKey;
  const privateKey = jwk.d ? ((await importJWK({ ...jwk, alg }, alg)) as CryptoKey) : null;
  const signingKey = jwk.d ? createPrivateKey({ key: { ...jwk } as JsonWebKey, format: 'jwk' }) : null;
  return {
    kid,
    alg,
    privateKey,
    signingKey,
    publicKey,
    publicJwk: { ...pub, kid, alg, use: 'sig' },
    createdAt: meta.createdAt,
    retiredAt: meta.retiredAt,
    source: meta.source,
  };
}

async function parseEnvKeys(raw: string, now: number): Promise<KeyEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new KeyringError('TESSERA_SIGNING_KEYS: must be JSON (a private JWK or a JWK Set)');
  }
  const list = (parsed as { keys?: unknown }).keys ?? [parsed];
  if (!Array.isArray(list) || list.length === 0) throw new KeyringError('TESSERA_SIGNING_KEYS: no keys');
  const entries = await Promise.all(
    list.map((jwk, i) =>
      entryFromJwk(jwk as JWK, { createdAt: now, retiredAt: i === 0 ? null : now, source: 'environment' }).catch((e) => {
        throw e instanceof KeyringError ? e : new KeyringError(`TESSERA_SIGNING_KEYS: key ${i + 1} cannot be imported`);
      }),
    ),
  );
  if (!entries[0]!.privateKey) throw new KeyringError('TESSERA_SIGNING_KEYS: the first key must be a private key');
  return entries;
}

export class Keyring {
  private keys = new Map<string, KeyEntry>();
  private current!: KeyEntry;
  private lastReload = 0;

  private constructor(private readonly opts: KeyringOptions) {}

  static async open(opts: KeyringOptions): Promise<Keyring> {
    const ring = new Keyring(opts);
    if (opts.envKeys) {
      ring.install(await parseEnvKeys(opts.envKeys, opts.clock.now()));
    } else {
      await opts.store.ensureActive(newKey, opts.clock.now());
      await ring.reload();
      const reload = () => ring.reload();
      opts.bus?.subscribe({ apply: (e) => (e.kind === 'keys' ? reload() : undefined), resync: () => reload().catch(() => {}) });
    }
    return ring;
  }

  get fromEnvironment(): boolean {
    return this.opts.envKeys !== null;
  }

  /** The key that signs new tokens. */
  active(): KeyEntry {
    return this.current;
  }

  /** A key that may verify a token, reloading from the store once if the kid is new to us. */
  async verificationKey(kid: unknown): Promise<KeyEntry | null> {
    if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) return null;
    let key = this.keys.get(kid);
    if (!key && !this.fromEnvironment && this.opts.clock.now() - this.lastReload > RELOAD_THROTTLE_MS) {
      // With the store down the key stays unknown; the caller then treats the token as invalid.
      await this.reload().catch(() => {});
      key = this.keys.get(kid);
    }
    if (!key) return null;
    if (key.retiredAt !== null) {
      const horizon = key.retiredAt + (this.opts.ttlSeconds + this.opts.resumeWindowSeconds) * 1000;
      if (this.opts.clock.now() > horizon) return null;
    }
    return key;
  }

  /** Published keys: the active one plus retired ones whose tokens may still be live. */
  jwks(): { keys: JWK[] } {
    const now = this.opts.clock.now();
    const live = [...this.keys.values()].filter(
      (k) => k.retiredAt === null || now < k.retiredAt + (this.opts.ttlSeconds + 60) * 1000,
    );
    return { keys: live.map((k) => k.publicJwk) };
  }

  list(): Wire.SigningKey[] {
    return [...this.keys.values()]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((k) => ({
        kid: k.kid,
        alg: k.alg,
        status: k === this.current ? 'active' : 'retired',
        createdAt: k.createdAt,
        retiredAt: k.retiredAt,
        source: k.source,
      }));
  }

  /** Make a new signing key; the previous one only verifies from now on. */
  async rotate(): Promise<KeyEntry> {
    if (this.fromEnvironment) throw new KeyringError('signing keys come from TESSERA_SIGNING_KEYS; rotate them there');
    const now = this.opts.clock.now();
    // Keys that can no longer verify anything are of no use to anyone: dropped.
    await this.opts.store.rotate(await newKey(), now, now - (this.opts.ttlSeconds + this.opts.resumeWindowSeconds) * 1000);
    await this.reload();
    return this.current;
  }

  /** Re-read stored keys (another replica may have rotated). */
  async reload(): Promise<void> {
    if (this.fromEnvironment) return;
    this.lastReload = this.opts.clock.now();
    const rows = await this.opts.store.list();
    const entries: KeyEntry[] = [];
    for (const row of rows) {
      const known = this.keys.get(row.kid);
      entries.push(
        known && known.retiredAt === row.retired_at
          ? known
          : await entryFromJwk(row.private_jwk, {
              kid: row.kid,
              createdAt: row.created_at,
              retiredAt: row.retired_at,
              source: 'stored',
            }),
      );
    }
    this.install(entries);
  }

  private install(entries: KeyEntry[]) {
    const active = entries.find((k) => k.retiredAt === null && k.privateKey);
    if (!active) throw new KeyringError('no active signing key');
    this.keys = new Map(entries.map((k) => [k.kid, k]));
    this.current = active;
  }
}

/** A fresh Ed25519 key, ready to store. */
async function newKey(): Promise<NewKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = publicPart(privateJwk);
  return { kid: await calculateJwkThumbprint(publicJwk), alg: 'EdDSA', privateJwk, publicJwk };
}
