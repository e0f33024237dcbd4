/** The accounts and memberships tables: the people who sign in to the portal and the customers they belong to. The SQL, and nothing else. */
import type { Wire } from '@tessera/protocol';
import type { Db } from '../platform/db.js';

export type AccountKind = 'operator' | 'member';

interface AccountRow {
  id: string;
  email: string;
  kind: AccountKind;
  password_hash: string | null;
  created_at: number;
  last_sign_in_at: number | null;
  removed_at: number | null;
}

export interface AccountRecord {
  id: string;
  email: string;
  kind: AccountKind;
  /** Never leaves the server. */
  passwordHash: string | null;
  createdAt: number;
  lastSignInAt: number | null;
  removedAt: number | null;
}

/** A membership with its tenant's name and state. */
export interface MembershipRecord {
  id: string;
  accountId: string;
  tenantId: string;
  tenantName: string;
  /** A suspended or deleted tenant's members cannot reach it. */
  tenantLive: boolean;
  role: Wire.Role;
  createdAt: number;
}

/** A member of a tenant as the tenant's people list shows it. */
export interface MemberRecord {
  id: string;
  accountId: string;
  email: string;
  role: Wire.Role;
  createdAt: number;
  lastSignInAt: number | null;
}

const toAccount = (r: AccountRow): AccountRecord => ({
  id: r.id,
  email: r.email,
  kind: r.kind,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  lastSignInAt: r.last_sign_in_at,
  removedAt: r.removed_at,
});

interface MembershipRow {
  id: string;
  account_id: string;
  tenant_id: string;
  tenant_name: string;
  tenant_live: boolean;
  role: Wire.Role;
  created_at: number;
}

const toMembership = (r: MembershipRow): MembershipRecord => ({
  id: r.id,
  accountId: r.account_id,
  tenantId: r.tenant_id,
  tenantName: r.tenant_name,
  tenantLive: r.tenant_live,
  role: r.role,
  createdAt: r.created_at,
});

interface MemberRow {
  id: string;
  account_id: string;
  email: string;
  role: Wire.Role;
  created_at: number;
  last_sign_in_at: number | null;
}

const toMember = (r: MemberRow): MemberRecord => ({
  id: r.id,
  accountId: r.account_id,
  email: r.email,
  role: r.role,
  createdAt: r.created_at,
  lastSignInAt: r.last_sign_in_at,
});

const MEMBERSHIP_SELECT = `
  SELECT m.id, m.account_id, m.tenant_id, t.name AS tenant_name,
         (t.status = 'active' AND t.deleted_at IS NULL) AS tenant_live, m.role, m.created_at
    FROM memberships m JOIN tenants t ON t.id = m.tenant_id`;

const MEMBER_SELECT = `
  SELECT m.id, m.account_id, a.email, m.role, m.created_at, a.last_sign_in_at
    FROM memberships m JOIN accounts a ON a.id = m.account_id`;

export function createAccountStore(db: Db) {
  return {
    async insert(a: { id: string; email: string; kind: AccountKind; now: number }): Promise<AccountRecord> {
      const [row] = await db.query<AccountRow>(
        `INSERT INTO accounts (id, email, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING *`,
        [a.id, a.email, a.kind, a.now],
      );
      return toAccount(row!);
    },

    async get(id: string): Promise<AccountRecord | null> {
      const [row] = await db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
      return row ? toAccount(row) : null;
    },

    async byEmail(email: string): Promise<AccountRecord | null> {
      const [row] = await db.query<AccountRow>('SELECT * FROM accounts WHERE email = $1', [email]);
      return row ? toAccount(row) : null;
    },

    async listOperators(): Promise<AccountRecord[]> {
      const rows = await db.query<AccountRow>(
        `SELECT * FROM accounts WHERE kind = 'operator' AND removed_at IS NULL ORDER BY created_at, id`,
      );
      return rows.map(toAccount);
    },

    async setPasswordHash(id: string, hash: string): Promise<void> {
      await db.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [id, hash]);
    },

    async signedIn(id: string, now: number): Promise<void> {
      await db.query('UPDATE accounts SET last_sign_in_at = $2 WHERE id = $1', [id, now]);
    },

    /** Mark removed (an operator taken off, a member left with no membership); a removed account cannot sign in. */
    async remove(id: string, now: number): Promise<void> {
      await db.query('UPDATE accounts SET removed_at = $2, password_hash = NULL WHERE id = $1', [id, now]);
    },

    /** Bring a removed account back (invited again). */
    async restore(id: string): Promise<void> {
      await db.query('UPDATE accounts SET removed_at = NULL WHERE id = $1', [id]);
    },

    async membershipsOf(accountId: string): Promise<MembershipRecord[]> {
      const rows = await db.query<MembershipRow>(`${MEMBERSHIP_SELECT} WHERE m.account_id = $1 ORDER BY t.name, m.id`, [
        accountId,
      ]);
      return rows.map(toMembership);
    },

    async insertMembership(m: { id: string; accountId: string; tenantId: string; role: Wire.Role; now: number }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO memberships (id, account_id, tenant_id, role, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, tenant_id) DO NOTHING RETURNING id`,
        [m.id, m.accountId, m.tenantId, m.role, m.now],
      );
      return row !== undefined;
    },

    async members(tenantId: string): Promise<MemberRecord[]> {
      const rows = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.tenant_id = $1 ORDER BY m.created_at, m.id`, [tenantId]);
      return rows.map(toMember);
    },

    async member(tenantId: string, memberId: string): Promise<MemberRecord | null> {
      const [row] = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.id = $2`, [tenantId, memberId]);
      return row ? toMember(row) : null;
    },

    async memberByAccount(tenantId: string, accountId: string): Promise<MemberRecord | null> {
      const [row] = await db.query<MemberRow>(`${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.account_id = $2`, [
        tenantId,
        accountId,
      ]);
      return row ? toMember(row) : null;
    },

    /**
     * Change a role, or remove a membership, unless that leaves a tenant that has owners with none;
     * false when refused. The tenant's owner rows are locked first (FOR UPDATE), so two owners
     * demoting or removing each other at once are served one after the other, and the second is
     * refused.
     */
    async changeKeepingAnOwner(tenantId: string, memberId: string, change: { role: Wire.Role } | 'remove'): Promise<boolean> {
      return db.transaction(async (tx) => {
        const owners = await tx.query<{ id: string }>(
          `SELECT id FROM memberships WHERE tenant_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE`,
          [tenantId],
        );
        const isOwner = owners.some((o) => o.id === memberId);
        const staysOwner = change !== 'remove' && change.role === 'owner';
        if (isOwner && !staysOwner && owners.length <= 1) return false;
        if (change === 'remove') await tx.query('DELETE FROM memberships WHERE id = $1 AND tenant_id = $2', [memberId, tenantId]);
        else
          await tx.query('UPDATE memberships SET role = $3 WHERE id = $1 AND tenant_id = $2', [memberId, tenantId, change.role]);
        return true;
      });
    },
  };
}

export type AccountStore = ReturnType<typeof createAccountStore>;
