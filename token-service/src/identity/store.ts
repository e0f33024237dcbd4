/**
 * Signed-in visitors' tables: the keys a site's identity tokens are verified with
 * (site_identity_keys), and the user behind a visitor id (visitor_identities: one visitor per site
 * and subject). The SQL, and nothing else.
 */
import type { Queryable } from '../platform/db.js';

export type IdentityKeyKind = 'secret' | 'public';
export type IdentityAlg = 'HS256' | 'EdDSA' | 'ES256';

export interface IdentityKeyRecord {
  kid: string;
  siteId: string;
  kind: IdentityKeyKind;
  alg: IdentityAlg;
  /** The HMAC secret (kind 'secret'). */
  secret: string | null;
  /** The SPKI PEM (kind 'public'). */
  publicKey: string | null;
  createdAt: number;
  retiresAt: number | null;
}

interface KeyRow {
  kid: string;
  site_id: string;
  kind: IdentityKeyKind;
  alg: IdentityAlg;
  secret: string | null;
  public_key: string | null;
  created_at: number;
  retires_at: number | null;
}

const toKey = (r: KeyRow): IdentityKeyRecord => ({
  kid: r.kid,
  siteId: r.site_id,
  kind: r.kind,
  alg: r.alg,
  secret: r.secret,
  publicKey: r.public_key,
  createdAt: Number(r.created_at),
  retiresAt: r.retires_at === null ? null : Number(r.retires_at),
});

/** The user behind a visitor id (for conversations and contacts). */
export interface VisitorIdentity {
  siteId: string;
  subject: string;
  name: string | null;
  email: string | null;
  /** The ChatBotKit contact of this user, once made. */
  contactId: string | null;
}

export function createIdentityStore(db: Queryable) {
  return {
    /** The site's keys that still verify at `now` (a rotated-out secret until it retires), oldest first. */
    async liveKeys(siteId: string, now: number): Promise<IdentityKeyRecord[]> {
      const rows = await db.query<KeyRow>(
        `SELECT * FROM site_identity_keys WHERE site_id = $1 AND (retires_at IS NULL OR retires_at > $2)
          ORDER BY created_at, kid`,
        [siteId, now],
      );
      return rows.map(toKey);
    },

    async insertKey(k: IdentityKeyRecord): Promise<void> {
      await db.query(
        `INSERT INTO site_identity_keys (kid, site_id, kind, alg, secret, public_key, created_at, retires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [k.kid, k.siteId, k.kind, k.alg, k.secret, k.publicKey, k.createdAt, k.retiresAt],
      );
    },

    /**
     * A new secret is coming: the site's other secrets verify until `retiresAt` (one already retiring
     * sooner keeps its end), and keys already retired are dropped.
     */
    async retireSecrets(siteId: string, retiresAt: number, now: number): Promise<void> {
      await db.query('DELETE FROM site_identity_keys WHERE site_id = $1 AND retires_at IS NOT NULL AND retires_at <= $2', [
        siteId,
        now,
      ]);
      await db.query(
        `UPDATE site_identity_keys SET retires_at = LEAST(COALESCE(retires_at, $2), $2)
          WHERE site_id = $1 AND kind = 'secret'`,
        [siteId, retiresAt],
      );
    },

    /** Remove one of the site's keys; false when the site has no such key. */
    async removeKey(siteId: string, kid: string): Promise<boolean> {
      const rows = await db.query<{ kid: string }>(
        'DELETE FROM site_identity_keys WHERE site_id = $1 AND kid = $2 RETURNING kid',
        [siteId, kid],
      );
      return rows.length > 0;
    },

    /**
     * The visitor id of (site, subject): made once with `visitorId`, later found again; the name and
     * email are those of the latest token.
     */
    async upsertUser(u: {
      siteId: string;
      subject: string;
      name: string | null;
      email: string | null;
      visitorId: string;
      now: number;
    }): Promise<string> {
      const [row] = await db.query<{ visitor_id: string }>(
        `INSERT INTO visitor_identities (visitor_id, site_id, subject, name, email, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (site_id, subject) DO UPDATE SET
           name = EXCLUDED.name, email = EXCLUDED.email,
           updated_at = CASE WHEN visitor_identities.name IS DISTINCT FROM EXCLUDED.name
                               OR visitor_identities.email IS DISTINCT FROM EXCLUDED.email
                             THEN EXCLUDED.updated_at ELSE visitor_identities.updated_at END
         RETURNING visitor_id`,
        [u.visitorId, u.siteId, u.subject, u.name, u.email, u.now],
      );
      return row!.visitor_id;
    },

    /** The user behind a visitor id, or null for an anonymous visitor. */
    async identityOf(visitorId: string): Promise<VisitorIdentity | null> {
      const [row] = await db.query<{
        site_id: string;
        subject: string;
        name: string | null;
        email: string | null;
        contact_id: string | null;
      }>('SELECT site_id, subject, name, email, contact_id FROM visitor_identities WHERE visitor_id = $1', [visitorId]);
      return row
        ? { siteId: row.site_id, subject: row.subject, name: row.name, email: row.email, contactId: row.contact_id }
        : null;
    },

    /** Remember the user's ChatBotKit contact. */
    async setContactId(visitorId: string, contactId: string): Promise<void> {
      await db.query('UPDATE visitor_identities SET contact_id = $2 WHERE visitor_id = $1', [visitorId, contactId]);
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
