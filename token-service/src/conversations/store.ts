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
});

export function createConversationStore(db: Queryable) {
  return {
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

    async touch(id: string, at: number, preview: string): Promise<void> {
      await db.query('UPDATE conversations SET last_message_at = $2, preview = $3 WHERE id = $1', [id, at, preview]);
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
