/**
 * A visitor's conversations on a site. Handles are ours and bound to (site, visitor): every call
 * looks the handle up with both, so a foreign or unknown handle is conversation_not_found before any
 * upstream call. The upstream conversation id and the sub-account come from server-side records
 * only. Starting an answer takes a stream slot and a message from the tenant's quota, opens the
 * upstream completion and relays it into the answer log (answers/), which the visitor's requests read;
 * the answer runs to its end whoever reads it (Stop ends it early), and the slot is given back then.
 */
import { createHash } from 'node:crypto';
import { idPattern, UpstreamId, type Wire } from '@tessera/protocol';
import type { Logger } from 'pino';
import { ServiceError } from '../errors.js';
import type { IdentityService } from '../identity/identity-service.js';
import type { StreamSlots } from '../limits/index.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Lifecycle } from '../platform/lifecycle.js';
import type { Metrics } from '../platform/metrics.js';
import type { AnswerLog } from '../answers/answer-log.js';
import type { AnswerEntry } from '../answers/entry.js';
import { Pump, type RelayOptions } from '../relay/index.js';
import type { ResolvedSite } from '../sites/site-service.js';
import type { CircuitBreaker } from '../upstream/breaker.js';
import { type UpstreamClient, UpstreamError } from '../upstream/client.js';
import { toServiceError, viaUpstream } from '../upstream/errors.js';
import type { UsageService } from '../usage/usage-service.js';
import { createOwnershipCache, createPreviewWriter } from './memory.js';
import type { ConversationRecord, ConversationStore } from './store.js';

const CONVERSATION_ID = idPattern('conversation');
const LIST_LIMIT = 50;
const HISTORY_MAX = 1000;
/** Signed-in users whose contact details were last sent from this process (then the oldest is forgotten). */
const CONTACTS_REMEMBERED = 10_000;

/** Who is asking: a visitor (from a verified session token) on a site. */
export interface VisitorOnSite {
  site: ResolvedSite;
  visitorId: string;
}

export interface ConversationServiceDeps {
  store: ConversationStore;
  upstream: Pick<
    UpstreamClient,
    'createConversation' | 'listMessages' | 'complete' | 'fetchMessage' | 'voteMessage' | 'ensureContact' | 'updateContact'
  >;
  /** Who a signed-in visitor is, and their ChatBotKit contact. Without it every visitor is anonymous to ChatBotKit. */
  identity?: Pick<IdentityService, 'identityOf' | 'setContactId'>;
  usage: Pick<UsageService, 'count' | 'takeMessage' | 'rated'>;
  streams: StreamSlots;
  answers: AnswerLog;
  clock: Clock;
  /** Time limits of a relayed answer, ms. */
  timeouts: { idleMs: number; totalMs: number };
  lifecycle: Pick<Lifecycle, 'onShutdown'>;
  breaker: Pick<CircuitBreaker, 'failure'>;
  metrics: Pick<Metrics, 'openStreams' | 'relayEnded'>;
  logger: Logger;
}

export class ConversationService {
  private readonly owners;
  private readonly previews;
  /** Per visitor, a digest of the name and email last sent to their contact (no personal data kept). */
  private readonly contactDetails = new Map<string, string>();

  constructor(private readonly deps: ConversationServiceDeps) {
    this.owners = createOwnershipCache(deps.store);
    this.previews = createPreviewWriter(deps.store);
  }

  async create(v: VisitorOnSite, signal?: AbortSignal): Promise<Wire.CreateConversationResponse> {
    const { site } = v;
    const contactId = await this.contactOf(v, signal);
    const upstream = await viaUpstream(this.createUpstream(site, contactId, signal));
    const record = {
      id: newId('conversation'),
      siteId: site.id,
      tenantId: site.tenantId,
      visitorId: v.visitorId,
      upstreamId: upstream.id,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.store.insert(record);
    this.owners.remember({ ...record, lastMessageAt: null, preview: null });
    this.deps.usage.count(site, 'conversations');
    return { conversationId: record.id, createdAt: record.createdAt };
  }

  async list(v: VisitorOnSite): Promise<Wire.ConversationList> {
    await this.previews.flush();
    const items = await this.deps.store.listOwned({ siteId: v.site.id, visitorId: v.visitorId }, LIST_LIMIT);
    return {
      items: items.map((c) => ({
        conversationId: c.id,
        createdAt: c.createdAt,
        lastMessageAt: c.lastMessageAt,
        preview: c.preview,
        title: c.firstQuestion ?? null,
      })),
    };
  }

  async history(v: VisitorOnSite, conversationId: string | undefined, signal?: AbortSignal): Promise<Wire.History> {
    const conversation = await this.owned(v, conversationId);
    const messages = await viaUpstream(
      this.deps.upstream.listMessages(v.site.upstreamUserId, conversation.upstreamId, HISTORY_MAX, signal),
    );
    const items: Wire.HistoryItem[] = [];
    for (const m of messages) {
      if ((m.type === 'user' || m.type === 'bot') && typeof m.text === 'string') {
        items.push({ id: String(m.id), role: m.type, text: m.text, createdAt: Number(m.createdAt) || 0 });
      }
    }
    return { items };
  }

  /**
   * Start the bot's answer to `text`, into the answer log: read it with the returned entry's
   * `attach`. `watchClient` aborts the given controller if the visitor goes away while the upstream
   * has not answered yet (it returns the function that stops watching); from then on the answer no
   * longer depends on the visitor's connection.
   */
  async startAnswer(
    v: VisitorOnSite,
    conversationId: string | undefined,
    text: string,
    watchClient: (controller: AbortController) => () => void,
    log: Record<string, string> = {},
  ): Promise<AnswerEntry> {
    const conversation = await this.owned(v, conversationId);
    const { site } = v;
    const release = await this.deps.streams.acquire(`${site.siteKey}:${v.visitorId}`);
    try {
      await this.deps.usage.takeMessage(site, site.messagesPerDay);
      this.previews.note(conversation.id, this.deps.clock.now(), text, 'question');
      const upstream = new AbortController();
      const unwatch = watchClient(upstream); // check: client-abort-before-headers
      let res: Awaited<ReturnType<UpstreamClient['complete']>>;
      try {
        res = await viaUpstream(this.deps.upstream.complete(site.upstreamUserId, conversation.upstreamId, text, upstream.signal));
      } finally {
        unwatch();
      }
      const entry = this.deps.answers.begin(conversation.id);
      const pump = new Pump(res.body, upstream, entry, this.relayOptions(site, conversation, release, log));
      entry.stopper = () => pump.stop();
      pump.start();
      return entry;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** One of the visitor's answers to read again (after a reload, in a second tab): see AnswerLog.open. */
  async openAnswer(v: VisitorOnSite, conversationId: string | undefined, answerId: string | undefined): Promise<AnswerEntry> {
    const conversation = await this.owned(v, conversationId);
    return this.deps.answers.open(answerId, conversation.id);
  }

  /** The visitor's Stop: the answer ends at once, wherever it runs, and the upstream is aborted. */
  async stopAnswer(v: VisitorOnSite, conversationId: string | undefined, answerId: string | undefined): Promise<void> {
    const conversation = await this.owned(v, conversationId);
    await this.deps.answers.stop(answerId, conversation.id);
  }

  /**
   * A visitor rates one of the bot's answers in their own conversation (a second rating replaces the
   * first): checked to be a bot message of that conversation at ChatBotKit, stored here, and
   * forwarded as an upvote or downvote.
   */
  async rate(
    v: VisitorOnSite,
    conversationId: string | undefined,
    messageId: string | undefined,
    body: { rating: 'up' | 'down'; comment?: string | undefined },
  ): Promise<Wire.Feedback> {
    const conversation = await this.owned(v, conversationId);
    if (!messageId || !UpstreamId.safeParse(messageId).success) throw new ServiceError('message_not_found');
    const runAs = v.site.upstreamUserId;
    let message: Awaited<ReturnType<UpstreamClient['fetchMessage']>>;
    try {
      message = await this.deps.upstream.fetchMessage(runAs, conversation.upstreamId, messageId);
    } catch (err) {
      if (err instanceof UpstreamError && (err.failure === 'not_found' || err.failure === 'rejected')) {
        throw new ServiceError('message_not_found');
      }
      throw toServiceError(err);
    }
    if (message.type !== 'bot') throw new ServiceError('message_not_found'); // check: feedback-bot-answers-only
    const now = this.deps.clock.now();
    const comment = body.rating === 'down' ? (body.comment ?? null) : null;
    const previous = await this.deps.store.rate({
      conversationId: conversation.id,
      messageId,
      rating: body.rating,
      comment,
      now,
    });
    this.deps.usage.rated(v.site, body.rating, previous);
    await viaUpstream(
      this.deps.upstream.voteMessage(runAs, conversation.upstreamId, messageId, body.rating === 'up' ? 'upvote' : 'downvote'),
    );
    return { rating: body.rating, comment, updatedAt: now };
  }

  /** Write the conversation activity noted so far (readers of the inbox call it first). */
  flushActivity(): Promise<void> {
    return this.previews.flush();
  }

  close(): Promise<void> {
    return this.previews.close();
  }

  private relayOptions(
    site: ResolvedSite,
    conversation: ConversationRecord,
    release: () => void,
    log: Record<string, string>,
  ): RelayOptions {
    const { deps } = this;
    // Only what the log line needs is kept for the stream's lifetime (no logger per stream).
    const started = performance.now();
    deps.metrics.openStreams.inc();
    return {
      idleTimeoutMs: deps.timeouts.idleMs,
      totalTimeoutMs: deps.timeouts.totalMs,
      onShutdown: deps.lifecycle.onShutdown,
      onDone: (done) => this.previews.note(conversation.id, deps.clock.now(), done.text),
      onEnd: (outcome) => {
        release();
        deps.usage.count(site, outcome === 'done' ? 'answersCompleted' : 'answersFailed');
        // How the inbox shows the answer: cut short (Stop, a restart, a timeout) or failed.
        if (outcome !== 'done') {
          this.previews.ended(conversation.id, deps.clock.now(), outcome === 'upstream-error' ? 'error' : 'interrupted');
        }
        deps.metrics.openStreams.dec();
        deps.metrics.relayEnded.inc({ outcome });
        // A stream that broke or went silent says the upstream is unwell.
        if (outcome === 'interrupted' || outcome === 'idle-timeout') deps.breaker.failure();
        deps.logger.info({ ...log, outcome, ms: Math.round(performance.now() - started) }, 'relay ended');
      },
    };
  }

  /**
   * The ChatBotKit contact of a signed-in visitor: ensured once by the fingerprint
   * `tessera:<siteId>:<subject>` and remembered, its name and email updated when the user's last
   * identity token changed them. Null for an anonymous visitor, and when ChatBotKit fails: the
   * visitor still gets a conversation, just not tied to a contact.
   */
  private async contactOf(v: VisitorOnSite, signal?: AbortSignal): Promise<string | null> {
    const { identity, upstream, logger } = this.deps;
    const user = await identity?.identityOf(v.visitorId);
    if (!identity || !user || user.siteId !== v.site.id) return null;
    const runAs = v.site.upstreamUserId;
    const details = { name: user.name, email: user.email };
    const digest = createHash('sha256')
      .update(JSON.stringify([user.name, user.email]))
      .digest('base64url');
    const ensure = async () => {
      const fingerprint = `tessera:${v.site.id}:${user.subject}`;
      const { id } = await upstream.ensureContact(runAs, { fingerprint, ...details }, signal);
      await identity.setContactId(v.visitorId, id);
      return id;
    };
    try {
      let contactId = user.contactId;
      if (contactId === null) {
        contactId = await ensure();
      } else if (this.contactDetails.get(v.visitorId) !== digest) {
        // After a restart this sends the details once more: harmless, and no column has to track it.
        try {
          await upstream.updateContact(runAs, contactId, details, signal);
        } catch (err) {
          // Deleted at ChatBotKit: the same fingerprint makes a new one.
          if (!(err instanceof UpstreamError && err.failure === 'not_found')) throw err;
          contactId = await ensure();
        }
      }
      this.rememberContactDetails(v.visitorId, digest);
      return contactId;
    } catch (err) {
      if (signal?.aborted) throw err;
      // Never the user's subject, name or email in a log line: the site and what failed only.
      logger.warn({ siteId: v.site.id, failure: failureOf(err) }, 'contact not ensured: conversation created without it');
      return null;
    }
  }

  private rememberContactDetails(visitorId: string, digest: string): void {
    this.contactDetails.delete(visitorId);
    this.contactDetails.set(visitorId, digest);
    if (this.contactDetails.size > CONTACTS_REMEMBERED) {
      const oldest = this.contactDetails.keys().next().value;
      if (oldest !== undefined) this.contactDetails.delete(oldest);
    }
  }

  /**
   * conversation/create, tied to the contact when there is one. A contact ChatBotKit refuses (deleted
   * there, say) must not keep the visitor from chatting: the conversation is then made without it
   * (nothing was created by the refused call, so this is not a write sent twice).
   */
  private async createUpstream(site: ResolvedSite, contactId: string | null, signal?: AbortSignal): Promise<{ id: string }> {
    const { upstream, logger } = this.deps;
    if (contactId === null) return upstream.createConversation(site.upstreamUserId, site.botId, signal);
    try {
      return await upstream.createConversation(site.upstreamUserId, site.botId, signal, contactId);
    } catch (err) {
      if (!(err instanceof UpstreamError) || (err.failure !== 'not_found' && err.failure !== 'rejected')) throw err;
      logger.warn({ siteId: site.id, failure: failureOf(err) }, 'contact refused: conversation created without it');
      return upstream.createConversation(site.upstreamUserId, site.botId, signal);
    }
  }

  private async owned(v: VisitorOnSite, id: string | undefined): Promise<ConversationRecord> {
    if (!id || !CONVERSATION_ID.test(id)) throw new ServiceError('conversation_not_found'); // check: conversation-id-pattern
    const conversation = await this.owners.owned(id, { siteId: v.site.id, visitorId: v.visitorId });
    if (!conversation) throw new ServiceError('conversation_not_found');
    return conversation;
  }
}

/** What went wrong with an upstream call, for a log line (never its message, which could echo a body). */
function failureOf(err: unknown): string {
  return err instanceof UpstreamError ? `${err.failure}${err.status ? ` ${err.status}` : ''}` : 'error';
}
