/**
 * A tenant's conversations as its people see them (the portal's inbox and transcripts, the admin
 * API's conversation routes): list with filters and keyset paging, read a transcript (from
 * ChatBotKit, as the tenant's sub-account), delete (upstream first, then ours), export a date range.
 * Every lookup is scoped to the tenant in SQL: another tenant's conversation id is simply not found,
 * and no upstream call is made for it. Transcripts pass through; they are never logged or stored.
 */
import { ConversationId, type Wire } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { UpstreamClient } from '../upstream/client.js';
import { viaUpstream } from '../upstream/errors.js';
import type { InboxRecord, ConversationStore } from './store.js';

const DAY_MS = 86_400_000;
/** The most conversations one export holds (a longer range: export it in parts). */
export const EXPORT_MAX = 10_000;
const TRANSCRIPT_MAX = 1000;

export interface InboxServiceDeps {
  store: Pick<ConversationStore, 'inbox' | 'ofTenant' | 'remove' | 'feedbackOf'>;
  tenants: Pick<TenantService, 'require'>;
  upstream: Pick<UpstreamClient, 'listMessages' | 'deleteConversation'>;
  /** Write pending conversation activity first, so what is listed is current. */
  flush: () => Promise<void>;
}

export interface InboxQuery {
  siteId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  outcome?: string | undefined;
  q?: string | undefined;
  /** A signed-in user's subject: only their conversations. */
  user?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export const inboxItem = (r: InboxRecord): Wire.InboxItem => ({
  id: r.id as Wire.InboxItem['id'],
  siteId: r.siteId as Wire.InboxItem['siteId'],
  siteName: r.siteName,
  visitorId: r.visitorId as Wire.InboxItem['visitorId'],
  user: r.user,
  createdAt: r.createdAt,
  lastMessageAt: r.lastMessageAt,
  messages: r.messageCount,
  outcome: r.outcome,
  ratedDown: r.ratedDown,
  firstQuestion: r.firstQuestion,
  preview: r.preview,
});

/** `YYYY-MM-DD` (UTC) to the first ms of that day; `end` gives the first ms of the day after. */
const dayStart = (day: string | undefined, end = false) =>
  day === undefined ? undefined : Date.parse(`${day}T00:00:00Z`) + (end ? DAY_MS : 0);

export class InboxService {
  constructor(private readonly deps: InboxServiceDeps) {}

  async list(tenantId: string, q: InboxQuery): Promise<Wire.InboxPage> {
    await this.deps.tenants.require(tenantId);
    await this.deps.flush();
    const after = q.cursor ? parseCursor(q.cursor) : undefined;
    const rows = await this.deps.store.inbox({
      tenantId,
      siteId: q.siteId,
      from: dayStart(q.from),
      to: dayStart(q.to, true),
      outcome: q.outcome,
      search: q.q?.trim() || undefined,
      user: q.user,
      after,
      limit: q.limit + 1,
    });
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(inboxItem), next: more && last ? `${last.createdAt}.${last.id}` : null };
  }

  async transcript(tenantId: string, conversationId: string | undefined, signal?: AbortSignal): Promise<Wire.Transcript> {
    const { tenant, conversation } = await this.owned(tenantId, conversationId);
    const messages = await viaUpstream(
      this.deps.upstream.listMessages(tenant.upstreamUserId, conversation.upstreamId, TRANSCRIPT_MAX, signal),
    );
    const feedback = await this.deps.store.feedbackOf(conversation.id);
    const items: Wire.TranscriptMessage[] = [];
    for (const m of messages) {
      if ((m.type === 'user' || m.type === 'bot') && typeof m.text === 'string') {
        const id = String(m.id);
        items.push({ id, role: m.type, text: m.text, createdAt: Number(m.createdAt) || 0, feedback: feedback.get(id) ?? null });
      }
    }
    return { conversation: inboxItem(conversation), items };
  }

  /** Delete upstream (as the tenant), then ours: a failed upstream delete leaves both in place. */
  async remove(tenantId: string, conversationId: string | undefined): Promise<void> {
    const { tenant, conversation } = await this.owned(tenantId, conversationId);
    await viaUpstream(this.deps.upstream.deleteConversation(tenant.upstreamUserId, conversation.upstreamId));
    await this.deps.store.remove(tenantId, conversation.id);
  }

  /** The conversations started in a date range (UTC days, inclusive), newest first, at most EXPORT_MAX. */
  async export(tenantId: string, range: { from: string; to: string }): Promise<Wire.InboxItem[]> {
    await this.deps.tenants.require(tenantId);
    if (range.from > range.to)
      throw new ServiceError('invalid_request', { issues: [{ path: 'to', message: 'must not be before from' }] });
    await this.deps.flush();
    const rows = await this.deps.store.inbox({
      tenantId,
      from: dayStart(range.from),
      to: dayStart(range.to, true),
      limit: EXPORT_MAX,
    });
    return rows.map(inboxItem);
  }

  private async owned(tenantId: string, conversationId: string | undefined) {
    const tenant = await this.deps.tenants.require(tenantId);
    if (!conversationId || !ConversationId.safeParse(conversationId).success) throw new ServiceError('conversation_not_found');
    await this.deps.flush();
    const conversation = await this.deps.store.ofTenant(tenant.id, conversationId);
    if (!conversation) throw new ServiceError('conversation_not_found');
    return { tenant, conversation };
  }
}

function parseCursor(cursor: string): { createdAt: number; id: string } {
  const dot = cursor.indexOf('.');
  return { createdAt: Number(cursor.slice(0, dot)), id: cursor.slice(dot + 1) };
}

const FORMULA = /^[=+\-@\t\r]/;

/**
 * CSV (RFC 4180) of exported conversations. A cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return: `=HYPERLINK(...)` typed by a visitor) gets a
 * leading apostrophe (OWASP's advice for CSV injection); every cell is quoted.
 */
export function toCsv(items: Wire.InboxItem[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (FORMULA.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
  const header = [
    'id',
    'site',
    'visitor',
    'started',
    'last message',
    'messages',
    'outcome',
    'first question',
    'last message text',
  ];
  const lines = [header.map(cell).join(',')];
  for (const c of items) {
    lines.push(
      [c.id, c.siteName, c.visitorId, iso(c.createdAt), iso(c.lastMessageAt), c.messages, c.outcome, c.firstQuestion, c.preview]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
