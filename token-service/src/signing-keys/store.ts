/** The signing_keys table: the service's stored session signing keys. The SQL, and nothing else. */
import type { JWK } from 'jose';
import type { Db, Queryable } from '../platform/db.js';

export interface KeyRow {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  private_jwk: JWK;
  created_at: number;
  retired_at: number | null;
}

export interface NewKey {
  kid: string;
  alg: 'EdDSA';
  privateJwk: JWK;
  publicJwk: JWK;
}

// Advisory lock id for "make the first signing key", so replicas starting together agree on one.
const KEYGEN_LOCK = 0x7e55e7b;

async function insert(tx: Queryable, key: NewKey, now: number) {
  await tx.query(
    `INSERT INTO signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)`,
    [key.kid, key.alg, JSON.stringify(key.privateJwk), JSON.stringify(key.publicJwk), now],
  );
}

export function createSigningKeyStore(db: Db) {
  return {
    async list(): Promise<KeyRow[]> {
      return db.query<KeyRow>('SELECT kid, alg, private_jwk, created_at, retired_at FROM signing_keys ORDER BY created_at DESC');
    },

    /** Make sure an active key exists: `generate` runs (under a lock) only if none does. */
    async ensureActive(generate: () => Promise<NewKey>, now: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYGEN_LOCK]);
        const [row] = await tx.query('SELECT kid FROM signing_keys WHERE retired_at IS NULL LIMIT 1');
        if (!row) await insert(tx, await generate(), now);
      });
    },

    /** Retire the active key, drop keys retired before `dropBefore`, and store `next` as the active one. */
    async rotate(next: NewKey, now: number, dropBefore: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [KEYGEN_LOCK]);
        await tx.query('UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL', [now]);
        await tx.query('DELETE FROM signing_keys WHERE retired_at < $1', [dropBefore]);
        await insert(tx, next, now);
      });
    },
  };
}

export type SigningKeyStore = ReturnType<typeof createSigningKeyStore>;
