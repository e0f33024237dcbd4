/**
 * Our conversation handles. The browser only ever sees `id`; `upstream_id` is ChatBotKit's id and
 * is read here, by the owner check, and nowhere else.
 */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from './db.js';

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

export const PREVIEW_LENGTH = 120;

export function toSummary(c: ConversationRecord): Wire.ConversationSummary {
  return { conversationId: c.id, createdAt: c.createdAt, lastMessageAt: c.lastMessageAt, preview: c.preview };
}

export async function insertConversation(db: Queryable, c: Omit<ConversationRecord, 'lastMessageAt' | 'preview'>) {
  await db.query(
    `INSERT INTO conversations (id, site_id, tenant_id, visitor_id, upstream_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.siteId, c.tenantId, c.visitorId, c.upstreamId, c.createdAt],
  );
}

/** The conversation, only if it belongs to this visitor on this site: the ownership check itself. */
export async function getOwnedConversation(
  db: Queryable,
  id: string,
  owner: { siteId: string; visitorId: string },
): Promise<ConversationRecord | null> {
  const [row] = await db.query<Row>('SELECT * FROM conversations WHERE id = $1 AND site_id = $2 AND visitor_id = $3', [
    id,
    owner.siteId,
    owner.visitorId,
  ]);
  return row ? toRecord(row) : null;
}

export async function listVisitorConversations(
  db: Queryable,
  owner: { siteId: string; visitorId: string },
  limit: number,
): Promise<ConversationRecord[]> {
  const rows = await db.query<Row>(
    `SELECT * FROM conversations WHERE site_id = $1 AND visitor_id = $2
      ORDER BY COALESCE(last_message_at, created_at) DESC, id LIMIT $3`,
    [owner.siteId, owner.visitorId, limit],
  );
  return rows.map(toRecord);
}

export async function touchConversation(db: Queryable, id: string, at: number, lastText: string) {
  const preview = lastText.length > PREVIEW_LENGTH ? `${lastText.slice(0, PREVIEW_LENGTH - 1)}…` : lastText;
  await db.query('UPDATE conversations SET last_message_at = $2, preview = $3 WHERE id = $1', [id, at, preview]);
}

/**
 * Who owns which conversation never changes once created, so ownership lookups are answered from
 * memory after the first one (bounded; oldest entries dropped first). A miss falls back to the
 * database, which remains the only source of truth.
 */
export function createOwnershipCache(db: Queryable, max = 50_000) {
  const entries = new Map<string, ConversationRecord>();
  const remember = (c: ConversationRecord) => {
    if (entries.size >= max) entries.delete(entries.keys().next().value!);
    entries.set(c.id, c);
  };
  return {
    remember,
    async owned(id: string, owner: { siteId: string; visitorId: string }): Promise<ConversationRecord | null> {
      const hit = entries.get(id);
      if (hit) return hit.siteId === owner.siteId && hit.visitorId === owner.visitorId ? hit : null;
      const found = await getOwnedConversation(db, id, owner);
      if (found) remember(found);
      return found;
    },
  };
}

/**
 * Conversation previews (last message time and text) are written behind: noted in memory and
 * flushed together every second, so a message costs no database write on its way to the upstream.
 * Readers of previews flush first.
 */
export function createPreviewWriter(db: Queryable, opts: { flushIntervalMs?: number } = {}) {
  let pending = new Map<string, { at: number; text: string }>();
  let flushing: Promise<void> = Promise.resolve();
  const flushNow = async () => {
    const batch = pending;
    pending = new Map();
    for (const [id, p] of batch) {
      try {
        await touchConversation(db, id, p.at, p.text);
      } catch {
        if (!pending.has(id)) pending.set(id, p); // keep it for the next flush
      }
    }
  };
  const flush = () => (flushing = flushing.then(flushNow));
  const timer = setInterval(() => void flush(), opts.flushIntervalMs ?? 1000);
  timer.unref();
  return {
    note(id: string, at: number, text: string) {
      const p = pending.get(id);
      if (!p || p.at <= at) pending.set(id, { at, text });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
