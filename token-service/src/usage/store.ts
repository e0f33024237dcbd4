/**
 * Usage per UTC day: usage_daily (per tenant: sessions, conversations, messages; the daily quota's
 * atomic counter) and usage_site_daily (the same split by site, with answers and ratings). The SQL,
 * and nothing else.
 */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from '../platform/db.js';

/** What is counted, per site and day. The first three are also the tenant's own row. */
export const COUNTERS = [
  'sessions',
  'conversations',
  'messages',
  'answersCompleted',
  'answersFailed',
  'thumbsUp',
  'thumbsDown',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const zeroCounts = (): Counts => ({
  sessions: 0,
  conversations: 0,
  messages: 0,
  answersCompleted: 0,
  answersFailed: 0,
  thumbsUp: 0,
  thumbsDown: 0,
});

/** Counts made in memory for one site and day, to add to the store. */
export interface UsageDelta {
  tenantId: string;
  siteId: string;
  day: string;
  site: Counts;
  /** What goes to the tenant's row: messages taken against a quota are there already. */
  tenant: Pick<Counts, 'sessions' | 'conversations' | 'messages'>;
}

const SITE_COLUMNS = 'sessions, conversations, messages, answers_completed, answers_failed, thumbs_up, thumbs_down';
// Sums of the site table's columns, named as the wire names them (thumbs never below zero: a
// rating changed after this table's first day can take back one counted before it existed).
const SITE_SUMS = `sum(sessions)::int AS sessions, sum(conversations)::int AS conversations, sum(messages)::int AS messages,
  sum(answers_completed)::int AS "answersCompleted", sum(answers_failed)::int AS "answersFailed",
  greatest(sum(thumbs_up), 0)::int AS "thumbsUp", greatest(sum(thumbs_down), 0)::int AS "thumbsDown"`;

export function createUsageStore(db: Queryable) {
  return {
    /** Add counts made in memory to the day's rows (the tenant's and the site's), in one statement. */
    async add(d: UsageDelta): Promise<void> {
      const s = d.site;
      await db.query(
        `WITH tenant AS (
           INSERT INTO usage_daily (tenant_id, day, sessions, conversations, messages) VALUES ($1, $3, $4, $5, $6)
           ON CONFLICT (tenant_id, day) DO UPDATE SET
             sessions = usage_daily.sessions + EXCLUDED.sessions,
             conversations = usage_daily.conversations + EXCLUDED.conversations,
             messages = usage_daily.messages + EXCLUDED.messages
         )
         INSERT INTO usage_site_daily (tenant_id, site_id, day, ${SITE_COLUMNS})
           VALUES ($1, $2, $3, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (tenant_id, day, site_id) DO UPDATE SET
           sessions = usage_site_daily.sessions + EXCLUDED.sessions,
           conversations = usage_site_daily.conversations + EXCLUDED.conversations,
           messages = usage_site_daily.messages + EXCLUDED.messages,
           answers_completed = usage_site_daily.answers_completed + EXCLUDED.answers_completed,
           answers_failed = usage_site_daily.answers_failed + EXCLUDED.answers_failed,
           thumbs_up = usage_site_daily.thumbs_up + EXCLUDED.thumbs_up,
           thumbs_down = usage_site_daily.thumbs_down + EXCLUDED.thumbs_down`,
        [
          d.tenantId,
          d.siteId,
          d.day,
          d.tenant.sessions,
          d.tenant.conversations,
          d.tenant.messages,
          s.sessions,
          s.conversations,
          s.messages,
          s.answersCompleted,
          s.answersFailed,
          s.thumbsUp,
          s.thumbsDown,
        ],
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

    /**
     * The tenant's days from..to: sessions, conversations and messages from its own row (which
     * holds days before sites were counted), answers and ratings summed over its sites.
     */
    async read(tenantId: string, from: string, to: string): Promise<Wire.UsageDay[]> {
      return db.query<Wire.UsageDay>(
        `WITH s AS (
           SELECT day, ${SITE_SUMS} FROM usage_site_daily
            WHERE tenant_id = $1 AND day >= $2 AND day <= $3 GROUP BY day
         ), t AS (
           SELECT day, sessions::int, conversations::int, messages::int FROM usage_daily
            WHERE tenant_id = $1 AND day >= $2 AND day <= $3
         )
         SELECT coalesce(t.day, s.day) AS day,
                coalesce(t.sessions, s.sessions, 0) AS sessions,
                coalesce(t.conversations, s.conversations, 0) AS conversations,
                coalesce(t.messages, s.messages, 0) AS messages,
                coalesce(s."answersCompleted", 0) AS "answersCompleted",
                coalesce(s."answersFailed", 0) AS "answersFailed",
                coalesce(s."thumbsUp", 0) AS "thumbsUp",
                coalesce(s."thumbsDown", 0) AS "thumbsDown"
           FROM t FULL JOIN s ON s.day = t.day
          ORDER BY 1`,
        [tenantId, from, to],
      );
    },

    /** One site's days from..to. */
    async readSite(tenantId: string, siteId: string, from: string, to: string): Promise<Wire.UsageDay[]> {
      return db.query<Wire.UsageDay>(
        `SELECT day, ${SITE_SUMS} FROM usage_site_daily
          WHERE tenant_id = $1 AND site_id = $2 AND day >= $3 AND day <= $4 GROUP BY day ORDER BY day`,
        [tenantId, siteId, from, to],
      );
    },

    /** Every site of the tenant (oldest first) with its totals for the period, zeros included. */
    async perSite(tenantId: string, from: string, to: string): Promise<(Counts & { siteId: string; name: string })[]> {
      return db.query<Counts & { siteId: string; name: string }>(
        `SELECT s.id AS "siteId", s.name,
                coalesce(sum(u.sessions), 0)::int AS sessions, coalesce(sum(u.conversations), 0)::int AS conversations,
                coalesce(sum(u.messages), 0)::int AS messages,
                coalesce(sum(u.answers_completed), 0)::int AS "answersCompleted",
                coalesce(sum(u.answers_failed), 0)::int AS "answersFailed",
                greatest(coalesce(sum(u.thumbs_up), 0), 0)::int AS "thumbsUp",
                greatest(coalesce(sum(u.thumbs_down), 0), 0)::int AS "thumbsDown"
           FROM sites s
           LEFT JOIN usage_site_daily u ON u.tenant_id = s.tenant_id AND u.site_id = s.id AND u.day >= $2 AND u.day <= $3
          WHERE s.tenant_id = $1
          GROUP BY s.id, s.name, s.created_at
          ORDER BY s.created_at, s.id`,
        [tenantId, from, to],
      );
    },
  };
}

export type UsageStore = ReturnType<typeof createUsageStore>;
