/** The audit_log table: append-only (the store's own trigger refuses updates and deletes). The SQL, and nothing else. */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from '../platform/db.js';

export interface AuditInput {
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  tenantId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  tenant_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const toEntry = (r: AuditRow): Wire.AuditEntry => ({
  id: String(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  tenantId: r.tenant_id as Wire.AuditEntry['tenantId'],
  ip: r.ip,
  details: r.details,
});

export function createAuditStore(db: Queryable) {
  return {
    async append(e: AuditInput): Promise<void> {
      await db.query(
        `INSERT INTO audit_log (at, actor, action, target_type, target_id, tenant_id, ip, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [e.at, e.actor, e.action, e.targetType, e.targetId, e.tenantId, e.ip, JSON.stringify(e.details)],
      );
    },

    /** Newest first; `before` is an entry id (exclusive). */
    async list(q: {
      actor?: string;
      action?: string;
      tenantId?: string;
      before?: number;
      limit: number;
    }): Promise<Wire.AuditEntry[]> {
      const rows = await db.query<AuditRow>(
        `SELECT * FROM audit_log
          WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2)
            AND ($3::text IS NULL OR tenant_id = $3) AND ($4::bigint IS NULL OR seq < $4)
          ORDER BY seq DESC LIMIT $5`,
        [q.actor ?? null, q.action ?? null, q.tenantId ?? null, q.before ?? null, q.limit],
      );
      return rows.map(toEntry);
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
