/**
 * The console's view of customers: one query for a page of the customer table (search, sort, page,
 * with each row's sites, today's messages and last activity), one for their last 14 days. Reads
 * tenants, sites, usage_daily and conversations; writes nothing. The SQL, and nothing else.
 */
import type { Queryable } from '../platform/db.js';

export type CustomerSort = 'name' | 'createdAt' | 'messagesToday' | 'lastActivityAt';

const ORDER: Record<CustomerSort, string> = {
  name: 'lower(name)',
  createdAt: 'created_at',
  messagesToday: 'messages_today',
  lastActivityAt: 'last_activity_at',
};

export interface CustomerRowRecord {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  sites: number;
  messagesToday: number;
  messagesPerDay: number | null;
  lastActivityAt: number | null;
  total: number;
}

/** `%` and `_` typed in the search box are searched for as themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCustomerStore(db: Queryable) {
  return {
    async page(q: { search: string; sort: CustomerSort; dir: 'asc' | 'desc'; limit: number; offset: number; today: string }) {
      // The sort column and direction come from a fixed table, never from the request's text.
      const order = `${ORDER[q.sort]} ${q.dir === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, id`;
      const rows = await db.query<{
        id: string;
        name: string;
        status: 'active' | 'suspended';
        sites: number;
        messages_today: number;
        messages_per_day: number | null;
        last_activity_at: number | null;
        total: number;
      }>(
        `WITH c AS (
           SELECT t.id, t.name, t.status, t.messages_per_day, t.created_at,
                  COALESCE(u.messages, 0)::int AS messages_today,
                  (SELECT count(*)::int FROM sites s WHERE s.tenant_id = t.id) AS sites,
                  (SELECT max(v.last_message_at) FROM conversations v WHERE v.tenant_id = t.id) AS last_activity_at
             FROM tenants t LEFT JOIN usage_daily u ON u.tenant_id = t.id AND u.day = $2
            WHERE t.deleted_at IS NULL AND ($1 = '' OR t.name ILIKE $3)
         )
         SELECT *, count(*) OVER ()::int AS total FROM c ORDER BY ${order} LIMIT $4 OFFSET $5`,
        [q.search, q.today, likePattern(q.search), q.limit, q.offset],
      );
      return rows.map(
        (r): CustomerRowRecord => ({
          id: r.id,
          name: r.name,
          status: r.status,
          sites: r.sites,
          messagesToday: r.messages_today,
          messagesPerDay: r.messages_per_day,
          lastActivityAt: r.last_activity_at,
          total: r.total,
        }),
      );
    },

    /** Messages per day of these tenants from `from` on (days with none are absent). */
    async daily(tenantIds: string[], from: string): Promise<{ tenantId: string; day: string; messages: number }[]> {
      if (tenantIds.length === 0) return [];
      const rows = await db.query<{ tenant_id: string; day: string; messages: number }>(
        'SELECT tenant_id, day, messages FROM usage_daily WHERE tenant_id = ANY($1) AND day >= $2',
        [tenantIds, from],
      );
      return rows.map((r) => ({ tenantId: r.tenant_id, day: r.day, messages: Number(r.messages) }));
    },
  };
}

export type CustomerStore = ReturnType<typeof createCustomerStore>;
