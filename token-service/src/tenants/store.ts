/** The tenants table: a partner's customers, each mapped to one ChatBotKit sub-account. The SQL, and nothing else. */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from '../platform/db.js';

interface TenantRow {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  upstream_user_id: string;
  messages_per_day: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** A tenant as the service sees it; `upstreamUserId` never leaves the server. */
export interface TenantRecord extends Wire.Tenant {
  upstreamUserId: string;
}

export interface TenantPatch {
  name?: string;
  status?: 'active' | 'suspended';
  messagesPerDay?: number | null;
  deletedAt?: number | null;
}

const toRecord = (r: TenantRow): TenantRecord => ({
  id: r.id,
  name: r.name,
  status: r.status,
  quotas: { messagesPerDay: r.messages_per_day },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
  upstreamUserId: r.upstream_user_id,
});

export function createTenantStore(db: Queryable) {
  return {
    async insert(t: { id: string; name: string; upstreamUserId: string; messagesPerDay: number | null; now: number }) {
      const [row] = await db.query<TenantRow>(
        `INSERT INTO tenants (id, name, status, upstream_user_id, messages_per_day, created_at, updated_at)
         VALUES ($1, $2, 'active', $3, $4, $5, $5) RETURNING *`,
        [t.id, t.name, t.upstreamUserId, t.messagesPerDay, t.now],
      );
      return toRecord(row!);
    },

    async get(id: string): Promise<TenantRecord | null> {
      const [row] = await db.query<TenantRow>('SELECT * FROM tenants WHERE id = $1', [id]);
      return row ? toRecord(row) : null;
    },

    async list(opts: { includeDeleted: boolean }): Promise<TenantRecord[]> {
      const rows = await db.query<TenantRow>(
        `SELECT * FROM tenants ${opts.includeDeleted ? '' : 'WHERE deleted_at IS NULL'} ORDER BY created_at, id`,
      );
      return rows.map(toRecord);
    },

    /** Update the given fields; fields left undefined keep their value. */
    async update(id: string, patch: TenantPatch, now: number): Promise<TenantRecord | null> {
      const [row] = await db.query<TenantRow>(
        `UPDATE tenants SET
           name = COALESCE($2, name),
           status = COALESCE($3, status),
           messages_per_day = CASE WHEN $4::boolean THEN $5::bigint ELSE messages_per_day END,
           deleted_at = CASE WHEN $6::boolean THEN $7::bigint ELSE deleted_at END,
           updated_at = $8
         WHERE id = $1 RETURNING *`,
        [
          id,
          patch.name ?? null,
          patch.status ?? null,
          patch.messagesPerDay !== undefined,
          patch.messagesPerDay ?? null,
          patch.deletedAt !== undefined,
          patch.deletedAt ?? null,
          now,
        ],
      );
      return row ? toRecord(row) : null;
    },

    /**
     * Remove a tenant that never went live (an onboarding undone): its sites go with it. A tenant
     * with conversations or usage is never removed this way (the foreign keys refuse it).
     */
    async removeUnused(id: string): Promise<void> {
      await db.query('DELETE FROM memberships WHERE tenant_id = $1', [id]);
      await db.query('DELETE FROM sites WHERE tenant_id = $1', [id]);
      await db.query('DELETE FROM tenants WHERE id = $1', [id]);
    },
  };
}

export type TenantStore = ReturnType<typeof createTenantStore>;
