/** The usage_daily table: counts per tenant per UTC day. The SQL, and nothing else. */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from '../platform/db.js';

export type Counter = 'sessions' | 'conversations' | 'messages';

export interface UsageDelta {
  tenantId: string;
  day: string;
  sessions: number;
  conversations: number;
  messages: number;
}

export function createUsageStore(db: Queryable) {
  return {
    /** Add counts (made in memory) to the day's row. */
    async add(d: UsageDelta): Promise<void> {
      await db.query(
        `INSERT INTO usage_daily (tenant_id, day, sessions, conversations, messages) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, day) DO UPDATE SET
           sessions = usage_daily.sessions + EXCLUDED.sessions,
           conversations = usage_daily.conversations + EXCLUDED.conversations,
           messages = usage_daily.messages + EXCLUDED.messages`,
        [d.tenantId, d.day, d.sessions, d.conversations, d.messages],
      );
    },

    /** Count one message if the day's count is under `quota`, atomically; false when it is not. */
    async takeMessage(tenantId: string, day: string, quota: number): Promise<boolean> {
      const rows = await db.query<{ messages: number }>(
        `INSERT INTO usage_daily (tenant_id, day, messages) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, day) DO UPDATE SET messages = usage_daily.messages + 1
           WHERE usage_daily.messages < $3::bigint
         RETURNING messages`,
        [tenantId, day, quota],
      );
      return rows.length > 0;
    },

    async read(tenantId: string, from: string, to: string): Promise<Wire.UsageDay[]> {
      return db.query<Wire.UsageDay>(
        `SELECT day, sessions, conversations, messages FROM usage_daily
          WHERE tenant_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`,
        [tenantId, from, to],
      );
    },
  };
}

export type UsageStore = ReturnType<typeof createUsageStore>;
