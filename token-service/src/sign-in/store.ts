/**
 * The sign-in tables: one-use links (invites, login links, emailed links), portal sessions,
 * passkeys and WebAuthn challenges. Link tokens and session ids are stored only as SHA-256 digests,
 * so a copy of the database opens no door. The SQL, and nothing else.
 */
import type { Queryable } from '../platform/db.js';

export type LinkPurpose = 'invite' | 'login' | 'email';

export interface SessionRow {
  id_hash: string;
  account_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface PasskeyRecord {
  id: string;
  accountId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

interface PasskeyRow {
  id: string;
  account_id: string;
  credential_id: string;
  public_key: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
  created_at: number;
  last_used_at: number | null;
}

const toPasskey = (r: PasskeyRow): PasskeyRecord => ({
  id: r.id,
  accountId: r.account_id,
  credentialId: r.credential_id,
  publicKey: new Uint8Array(r.public_key),
  counter: Number(r.counter),
  transports: r.transports,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export function createSignInStore(db: Queryable) {
  return {
    async insertLink(l: { tokenHash: string; purpose: LinkPurpose; accountId: string; now: number; expiresAt: number }) {
      await db.query(
        `INSERT INTO sign_in_links (token_hash, purpose, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [l.tokenHash, l.purpose, l.accountId, l.now, l.expiresAt],
      );
    },

    /** A link that can still be used, without using it (the page a link opens). */
    async peekLink(tokenHash: string, now: number): Promise<{ accountId: string; purpose: LinkPurpose } | null> {
      const [row] = await db.query<{ account_id: string; purpose: LinkPurpose }>(
        `SELECT account_id, purpose FROM sign_in_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
        [tokenHash, now],
      );
      return row ? { accountId: row.account_id, purpose: row.purpose } : null;
    },

    /** Use a link up, atomically: of two requests racing with one link, one wins. */
    async useLink(tokenHash: string, now: number): Promise<{ accountId: string; purpose: LinkPurpose } | null> {
      const [row] = await db.query<{ account_id: string; purpose: LinkPurpose }>(
        `UPDATE sign_in_links SET used_at = $2
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id, purpose`,
        [tokenHash, now],
      );
      return row ? { accountId: row.account_id, purpose: row.purpose } : null;
    },

    /** Void every unused link of an account (removed, or a new invite replaces the old). */
    async voidLinks(accountId: string, now: number): Promise<void> {
      await db.query('UPDATE sign_in_links SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL', [accountId, now]);
    },

    async insertSession(s: { idHash: string; accountId: string; now: number; expiresAt: number }): Promise<void> {
      await db.query(
        `INSERT INTO portal_sessions (id_hash, account_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)`,
        [s.idHash, s.accountId, s.now, s.expiresAt],
      );
    },

    /** A live session: not revoked, not past its absolute end, used within the idle limit. */
    async liveSession(idHash: string, now: number, idleMs: number): Promise<SessionRow | null> {
      const [row] = await db.query<SessionRow>(
        `SELECT s.id_hash, s.account_id, s.created_at, s.last_seen_at, s.expires_at
           FROM portal_sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
            AND a.removed_at IS NULL`,
        [idHash, now, now - idleMs],
      );
      return row ?? null;
    },

    async touchSession(idHash: string, now: number): Promise<void> {
      await db.query('UPDATE portal_sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
    },

    async revokeSession(idHash: string, now: number): Promise<void> {
      await db.query('UPDATE portal_sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL', [idHash, now]);
    },

    /** Revoke every session of an account, except `keep` (a session id digest) when given. */
    async revokeSessionsOf(accountId: string, now: number, keep?: string): Promise<void> {
      await db.query(
        `UPDATE portal_sessions SET revoked_at = $2
          WHERE account_id = $1 AND revoked_at IS NULL AND ($3::text IS NULL OR id_hash <> $3)`,
        [accountId, now, keep ?? null],
      );
    },

    async insertChallenge(c: { id: string; challenge: string; accountId: string | null; expiresAt: number }) {
      await db.query('INSERT INTO webauthn_challenges (id, challenge, account_id, expires_at) VALUES ($1, $2, $3, $4)', [
        c.id,
        c.challenge,
        c.accountId,
        c.expiresAt,
      ]);
    },

    /** Take a challenge (one use); expired ones are swept on the way. */
    async takeChallenge(id: string, now: number): Promise<{ challenge: string; accountId: string | null } | null> {
      await db.query('DELETE FROM webauthn_challenges WHERE expires_at <= $1', [now]);
      const [row] = await db.query<{ challenge: string; account_id: string | null }>(
        'DELETE FROM webauthn_challenges WHERE id = $1 RETURNING challenge, account_id',
        [id],
      );
      return row ? { challenge: row.challenge, accountId: row.account_id } : null;
    },

    async insertPasskey(p: Omit<PasskeyRecord, 'lastUsedAt'>): Promise<PasskeyRecord> {
      const [row] = await db.query<PasskeyRow>(
        `INSERT INTO passkeys (id, account_id, credential_id, public_key, counter, transports, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [p.id, p.accountId, p.credentialId, p.publicKey, p.counter, JSON.stringify(p.transports), p.name, p.createdAt],
      );
      return toPasskey(row!);
    },

    async passkeysOf(accountId: string): Promise<PasskeyRecord[]> {
      const rows = await db.query<PasskeyRow>('SELECT * FROM passkeys WHERE account_id = $1 ORDER BY created_at, id', [
        accountId,
      ]);
      return rows.map(toPasskey);
    },

    async passkeyByCredential(credentialId: string): Promise<PasskeyRecord | null> {
      const [row] = await db.query<PasskeyRow>('SELECT * FROM passkeys WHERE credential_id = $1', [credentialId]);
      return row ? toPasskey(row) : null;
    },

    async passkeyUsed(id: string, counter: number, now: number): Promise<void> {
      await db.query('UPDATE passkeys SET counter = $2, last_used_at = $3 WHERE id = $1', [id, counter, now]);
    },

    async removePasskey(accountId: string, id: string): Promise<boolean> {
      const rows = await db.query('DELETE FROM passkeys WHERE account_id = $1 AND id = $2 RETURNING id', [accountId, id]);
      return rows.length > 0;
    },

    async removePasskeysOf(accountId: string): Promise<void> {
      await db.query('DELETE FROM passkeys WHERE account_id = $1', [accountId]);
    },
  };
}

export type SignInStore = ReturnType<typeof createSignInStore>;
