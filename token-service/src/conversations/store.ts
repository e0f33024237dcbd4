/**
 * The conversations table: our conversation handles. The browser only ever sees `id`;
 * `upstream_id` is ChatBotKit's id and leaves the server only toward ChatBotKit. The SQL, and
 * nothing else.
 */
import type { Queryable } from '../platform/db.js';

export interface ConversationRecord {
  id: string;
  siteId: string;
  tenantId: string;
  visitorId: string;
  upstreamId: string;
  createdAt: number;
  lastMessageAt: number | null;
  preview: string | null;
  /** The visitor's first question (clipped like the preview), once there is one. */
  firstQuestion?: string | null;
}

/** How a conversation's last answer ended, as the inbox shows it. */
export type Outcome = 'answered' | 'interrupted' | 'error';

/** What happened in a conversation since the last flush, written as one UPDATE. */
export interface Activity {
  at: number;
  /** The newest message's text (the preview). */
  text: string;
  /** Messages added (a question, an answer). */
  added: number;
  /** The first question seen in this batch (kept only if the conversation has none yet). */
  question: string | null;
  outcome: Outcome | null;
}

export interface ConversationOwner {
  siteId: string;
  visitorId: string;
}

interface Row {
  id: string;
  site_id: string;
  tenant_id: string;
  visitor_id: string;
  upstream_id: string;
  created_at: number;
  last_message_at: number | null;
  preview: string | null;
  first_question?: string | null;
}

const toRecord = (r: Row): ConversationRecord => ({
  id: r.id,
  siteId: r.site_id,
  tenantId: r.tenant_id,
  visitorId: r.visitor_id,
  upstreamId: r.upstream_id,
  createdAt: r.created_at,
  lastMessageAt: r.last_message_at,
  preview: r.preview,
  firstQuestion: r.first_question ?? null,
});

/** A conversation as the tenant's inbox lists it. */
export interface InboxRecord extends ConversationRecord {
  siteName: string;
  ratedDown: boolean;
  messageCount: number;
  outcome: 'answered' | 'interrupted' | 'error' | null;
  firstQuestion: string | null;
  /** The signed-in user behind the visitor (what their last identity token said), or null. */
  user: { subject: string; name: string | null; email: string | null } | null;
}

export interface InboxFilter {
  tenantId: string;
  siteId?: string | undefined;
  /** created_at >= from, < to (ms). */
  from?: number | undefined;
  to?: number | undefined;
  outcome?: string | undefined;
  search?: string | undefined;
  /** Only the conversations of the signed-in user with this subject (exact). */
  user?: string | undefined;
  /** Keyset: rows strictly after this one in (created_at DESC, id DESC) order. */
  after?: { createdAt: number; id: string } | undefined;
  limit: number;
}

interface InboxRow extends Row {
  site_name: string;
  down_ratings: number;
  message_count: number;
  outcome: InboxRecord['outcome'];
  first_question: string | null;
  user_subject: string | null;
  user_name: string | null;
  user_email: string | null;
}

const toInbox = (r: InboxRow): InboxRecord => ({
  ...toRecord(r),
  siteName: r.site_name,
  ratedDown: Number(r.down_ratings) > 0,
  messageCount: Number(r.message_count),
  outcome: r.outcome,
  firstQuestion: r.first_question,
  user: r.user_subject === null ? null : { subject: r.user_subject, name: r.user_name, email: r.user_email },
});

/**
 * What the inbox reads of a conversation: the row, its site's name, and the signed-in user behind
 * its visitor (a visitor id is one user's on one site only: the join checks the site too).
 */
const INBOX_FROM = `SELECT c.*, s.name AS site_name,
         vi.subject AS user_subject, vi.name AS user_name, vi.email AS user_email
    FROM conversations c JOIN sites s ON s.id = c.site_id
    LEFT JOIN visitor_identities vi ON vi.visitor_id = c.visitor_id AND vi.site_id = c.site_id`;

/** `%` and `_` typed in a search are searched for as themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createConversationStore(db: Queryable) {
  return {
    /** A page of a tenant's conversations, newest first (keyset paging on created_at, id). */
    async inbox(f: InboxFilter): Promise<InboxRecord[]> {
      const rows = await db.query<InboxRow>(
        `${INBOX_FROM}
          WHERE c.tenant_id = $1
            AND ($2::text IS NULL OR c.site_id = $2)
            AND ($3::bigint IS NULL OR c.created_at >= $3)
            AND ($4::bigint IS NULL OR c.created_at < $4)
            AND ($5::text IS NULL OR c.outcome = $5 OR ($5 = 'rated_down' AND c.down_ratings > 0))
            AND ($6::text IS NULL OR c.first_question ILIKE $6 OR c.preview ILIKE $6)
            AND ($7::bigint IS NULL OR (c.created_at, c.id) < ($7, $8::text))
            AND ($10::text IS NULL OR vi.subject = $10)
          ORDER BY c.created_at DESC, c.id DESC
          LIMIT $9`,
        [
          f.tenantId,
          f.siteId ?? null,
          f.from ?? null,
          f.to ?? null,
          f.outcome ?? null,
          f.search ? likePattern(f.search) : null,
          f.after?.createdAt ?? null,
          f.after?.id ?? null,
          f.limit,
          f.user ?? null,
        ],
      );
      return rows.map(toInbox);
    },

    /** One of a tenant's conversations (null when it is another tenant's, or none). */
    async ofTenant(tenantId: string, id: string): Promise<InboxRecord | null> {
      const [row] = await db.query<InboxRow>(
        `${INBOX_FROM}
          WHERE c.tenant_id = $1 AND c.id = $2 /* check: inbox-tenant-scope */`,
        [tenantId, id],
      );
      return row ? toInbox(row) : null;
    },

    /** Rate a message (a second rating replaces the first) and recount the conversation's downs. */
    /** Store a rating (replacing the visitor's earlier one); returns the earlier one, if any. */
    async rate(f: {
      conversationId: string;
      messageId: string;
      rating: 'up' | 'down';
      comment: string | null;
      now: number;
    }): Promise<{ rating: 'up' | 'down'; at: number } | null> {
      // The CTE reads the row as it was before this statement: the rating being replaced.
      const [row] = await db.query<{ before_rating: 'up' | 'down' | null; before_at: number | null }>(
        `WITH before AS (
           SELECT rating, updated_at FROM message_feedback WHERE conversation_id = $1 AND message_id = $2
         )
         INSERT INTO message_feedback (conversation_id, message_id, rating, comment, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (conversation_id, message_id) DO UPDATE SET
           rating = EXCLUDED.rating, comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at
         RETURNING (SELECT rating FROM before) AS before_rating, (SELECT updated_at FROM before) AS before_at`,
        [f.conversationId, f.messageId, f.rating, f.comment, f.now],
      );
      await db.query(
        `UPDATE conversations SET down_ratings =
           (SELECT count(*) FROM message_feedback WHERE conversation_id = $1 AND rating = 'down') WHERE id = $1`,
        [f.conversationId],
      );
      return row?.before_rating ? { rating: row.before_rating, at: Number(row.before_at) } : null;
    },

    async feedbackOf(conversationId: string) {
      const rows = await db.query<{ message_id: string; rating: 'up' | 'down'; comment: string | null; updated_at: number }>(
        'SELECT message_id, rating, comment, updated_at FROM message_feedback WHERE conversation_id = $1',
        [conversationId],
      );
      return new Map(rows.map((r) => [r.message_id, { rating: r.rating, comment: r.comment, updatedAt: r.updated_at }]));
    },

    async remove(tenantId: string, id: string): Promise<void> {
      await db.query('DELETE FROM conversations WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    },

    async insert(c: Omit<ConversationRecord, 'lastMessageAt' | 'preview'>): Promise<void> {
      await db.query(
        `INSERT INTO conversations (id, site_id, tenant_id, visitor_id, upstream_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [c.id, c.siteId, c.tenantId, c.visitorId, c.upstreamId, c.createdAt],
      );
    },

    /** The conversation, only if it belongs to this visitor on this site: the ownership check itself. */
    async getOwned(id: string, owner: ConversationOwner): Promise<ConversationRecord | null> {
      const [row] = await db.query<Row>(
        'SELECT * FROM conversations WHERE id = $1 AND site_id = $2 AND visitor_id = $3', // check: conversation-owner-site, conversation-owner-visitor
        [id, owner.siteId, owner.visitorId],
      );
      return row ? toRecord(row) : null;
    },

    async listOwned(owner: ConversationOwner, limit: number): Promise<ConversationRecord[]> {
      const rows = await db.query<Row>(
        /* check: conversation-list-owner */ `SELECT * FROM conversations WHERE site_id = $1 AND visitor_id = $2
          ORDER BY COALESCE(last_message_at, created_at) DESC, id LIMIT $3`,
        [owner.siteId, owner.visitorId, limit],
      );
      return rows.map(toRecord);
    },

    /**
     * Give a visitor's conversations on a site to another visitor (a signed-in user adopting what
     * they started anonymously); the ids moved.
     */
    async moveToVisitor(siteId: string, from: string, to: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        'UPDATE conversations SET visitor_id = $3 WHERE site_id = $1 AND visitor_id = $2 RETURNING id',
        [siteId, from, to],
      );
      return rows.map((r) => r.id);
    },

    async touch(id: string, a: Activity): Promise<void> {
      await db.query(
        `UPDATE conversations SET
           last_message_at = GREATEST(COALESCE(last_message_at, 0), $2),
           preview = CASE WHEN $3 = '' THEN preview ELSE $3 END,
           message_count = message_count + $4,
           first_question = COALESCE(first_question, $5),
           outcome = COALESCE($6, outcome)
         WHERE id = $1`,
        [id, a.at, a.text, a.added, a.question, a.outcome],
      );
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
