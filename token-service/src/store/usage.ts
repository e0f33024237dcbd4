/**
 * Usage per tenant per UTC day. Sessions and conversations are counted in memory and flushed as
 * additive upserts every few seconds (the session route is the hot path); messages are counted
 * atomically in the database, one upsert per message, because the daily quota is enforced on them
 * and must hold across replicas.
 */
import type { Wire } from '@tessera/protocol';
import { utcDay, type Clock } from '../lib/clock.js';
import type { Queryable } from './db.js';

type Counter = 'sessions' | 'conversations';

export interface UsageCounter {
  count(tenantId: string, counter: Counter): void;
  /**
   * Count one message against the tenant's daily quota. Returns false, counting nothing, when the
   * quota is used up.
   */
  takeMessage(tenantId: string, quota: number | null): Promise<boolean>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createUsageCounter(db: Queryable, clock: Clock, opts: { flushIntervalMs?: number } = {}): UsageCounter {
  let pending = new Map<string, { tenantId: string; day: string; sessions: number; conversations: number }>();
  let flushing: Promise<void> = Promise.resolve();

  const flushNow = async () => {
    const batch = pending;
    pending = new Map();
    for (const p of batch.values()) {
      try {
        await db.query(
          `INSERT INTO usage_daily (tenant_id, day, sessions, conversations) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant_id, day) DO UPDATE SET
             sessions = usage_daily.sessions + EXCLUDED.sessions,
             conversations = usage_daily.conversations + EXCLUDED.conversations`,
          [p.tenantId, p.day, p.sessions, p.conversations],
        );
      } catch {
        // Keep the counts for the next flush rather than lose them (e.g. the database restarting).
        const key = `${p.tenantId}/${p.day}`;
        const again = pending.get(key) ?? { ...p, sessions: 0, conversations: 0 };
        again.sessions += p.sessions;
        again.conversations += p.conversations;
        pending.set(key, again);
      }
    }
  };
  const flush = () => (flushing = flushing.then(flushNow));
  const timer = setInterval(() => void flush(), opts.flushIntervalMs ?? 5000);
  timer.unref();

  return {
    count(tenantId, counter) {
      const day = utcDay(clock.now());
      const key = `${tenantId}/${day}`;
      let p = pending.get(key);
      if (!p) pending.set(key, (p = { tenantId, day, sessions: 0, conversations: 0 }));
      p[counter] += 1;
    },
    async takeMessage(tenantId, quota) {
      if (quota === 0) return false;
      const rows = await db.query<{ messages: number }>(
        `INSERT INTO usage_daily (tenant_id, day, messages) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, day) DO UPDATE SET messages = usage_daily.messages + 1
           WHERE $3::bigint IS NULL OR usage_daily.messages < $3::bigint
         RETURNING messages`,
        [tenantId, utcDay(clock.now()), quota],
      );
      return rows.length > 0;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

export async function readUsage(db: Queryable, tenantId: string, from: string, to: string): Promise<Wire.UsageDay[]> {
  return db.query<Wire.UsageDay>(
    `SELECT day, sessions, conversations, messages FROM usage_daily
      WHERE tenant_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`,
    [tenantId, from, to],
  );
}
