/** Tenants: a partner's customers, each mapped to one ChatBotKit sub-account. */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from './db.js';

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

/** The admin API's view: everything but the sub-account id. */
export function publicTenant({ upstreamUserId: _hidden, ...tenant }: TenantRecord): Wire.Tenant {
  return tenant;
}

export async function insertTenant(
  db: Queryable,
  t: { id: string; name: string; upstreamUserId: string; messagesPerDay: number | null; now: number },
): Promise<TenantRecord> {
  const [row] = await db.query<TenantRow>(
    `INSERT INTO tenants (id, name, status, upstream_user_id, messages_per_day, created_at, updated_at)
     VALUES ($1, $2, 'active', $3, $4, $5, $5) RETURNING *`,
    [t.id, t.name, t.upstreamUserId, t.messagesPerDay, t.now],
  );
  return toRecord(row!);
}

export async function getTenant(db: Queryable, id: string): Promise<TenantRecord | null> {
  const [row] = await db.query<TenantRow>('SELECT * FROM tenants WHERE id = $1', [id]);
  return row ? toRecord(row) : null;
}

export async function listTenants(db: Queryable, opts: { includeDeleted: boolean }): Promise<TenantRecord[]> {
  const rows = await db.query<TenantRow>(
    `SELECT * FROM tenants ${opts.includeDeleted ? '' : 'WHERE deleted_at IS NULL'} ORDER BY created_at, id`,
  );
  return rows.map(toRecord);
}

export async function updateTenant(
  db: Queryable,
  id: string,
  patch: { name?: string; status?: 'active' | 'suspended'; messagesPerDay?: number | null; deletedAt?: number | null },
  now: number,
): Promise<TenantRecord | null> {
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
}
