/**
 * Usage per tenant per UTC day. Counts are kept in memory and flushed as additive upserts every few
 * seconds (sessions and messages are hot paths), except messages of a tenant with a daily quota:
 * those are counted atomically in the database, one conditional upsert per message, so the quota
 * holds exactly across replicas. (Counts made before a quota was set reach the database within one
 * flush interval.)
 */
import type { Wire } from '@tessera/protocol';
import { utcDay, type Clock } from '../lib/clock.js';
import type { Queryable } from './db.js';

type Counter = 'sessions' | 'conversations' | 'messages';

export interface UsageCounter {
  count(tenantId: string, counter: Counter): void;
  /**
   * Count one message, against the tenant's daily quota if it has one. Returns false, counting
   * nothing, when the quota is used up.
   */
  takeMessage(tenantId: string, quota: number | null): Promise<boolean>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createUsageCounter(db: Queryable, clock: Clock, opts: { flushIntervalMs?: number } = {}): UsageCounter {
  let pending = new Map<string, { tenantId: string; day: string; sessions: number; conversations: number; messages: number }>();
  let flushing: Promise<void> = Promise.resolve();

  const flushNow = async () => {
    const batch = pending;
    pending = new Map();
    for (const p of batch.values()) {
      try {
        await db.query(
          `INSERT INTO usage_daily (tenant_id, day, sessions, conversations, messages) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, day) DO UPDATE SET
             sessions = usage_daily.sessions + EXCLUDED.sessions,
             conversations = usage_daily.conversations + EXCLUDED.conversations,
             messages = usage_daily.messages + EXCLUDED.messages`,
          [p.tenantId, p.day, p.sessions, p.conversations, p.messages],
        );
      } catch {
        // Keep the counts for the next flush rather than lose them (e.g. the database restarting).
        const key = `${p.tenantId}/${p.day}`;
        const again = pending.get(key) ?? { ...p, sessions: 0, conversations: 0, messages: 0 };
        again.sessions += p.sessions;
        again.conversations += p.conversations;
        again.messages += p.messages;
        pending.set(key, again);
      }
    }
  };
  const flush = () => (flushing = flushing.then(flushNow));
  const timer = setInterval(() => void flush(), opts.flushIntervalMs ?? 5000);
  timer.unref();

  const count = (tenantId: string, counter: Counter) => {
    const day = utcDay(clock.now());
    const key = `${tenantId}/${day}`;
    let p = pending.get(key);
    if (!p) pending.set(key, (p = { tenantId, day, sessions: 0, conversations: 0, messages: 0 }));
    p[counter] += 1;
  };

  return {
    count,
    async takeMessage(tenantId, quota) {
      if (quota === null) {
        count(tenantId, 'messages');
        return true;
      }
      if (quota === 0) return false;
      const rows = await db.query<{ messages: number }>(
        `INSERT INTO usage_daily (tenant_id, day, messages) VALUES ($1, $2, 1)
         ON CONFLICT (tenant_id, day) DO UPDATE SET messages = usage_daily.messages + 1
           WHERE usage_daily.messages < $3::bigint
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
