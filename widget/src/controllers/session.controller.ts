/**
 * The visitor's session as a Lit ReactiveController: loads the site config, mints a token only when
 * first needed, renews it silently before it expires (`resume` keeps the same visitor), starts a
 * fresh visitor when resume is refused, and keeps token and conversation per site key so a reload
 * continues where the visitor left off, and the visitor's other tabs of the site follow (tabs.ts).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SITE_UNAVAILABLE_CODES, TOKEN_RENEWABLE_CODES } from '@tessera/protocol/limits';
import type * as Wire from '@tessera/protocol/types';
import type { Api } from '../api/client.js';
import { ApiError, hasCode } from '../api/errors.js';
import { emit } from '../events/events.js';
import { loadRecord, saveRecord, type SessionRecord } from './storage.js';
import { SiteTabs, type TabNews } from './tabs.js';

/** Why a site shows no chat, in the console (the codes of SITE_UNAVAILABLE_CODES). */
const WHY: Record<string, string> = {
  origin_not_allowed: `chat is not enabled for ${location.origin}: add it to the site's allowed origins`,
  site_suspended: "the site's chat is suspended",
  site_not_found: 'no site has this key',
};

/** While the panel is open, renew this long before the token expires. */
const RENEW_AHEAD_MS = 60_000;
/** A token closer than this to its expiry is renewed before it is used. */
const MIN_LIFETIME_MS = 15_000;

export type SessionStatus = 'loading' | 'ready' | 'disabled' | 'error';

export class SessionController implements ReactiveController {
  status: SessionStatus = 'loading';
  config: Wire.SiteConfig | null = null;
  error: ApiError | null = null;
  /** Settles when the current config load has finished (successfully or not). */
  loaded: Promise<void> = Promise.resolve();
  private api: Api | null = null;
  private siteKey = '';
  private minting: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private tabs: SiteTabs | null = null;
  /** The record is in localStorage, where other tabs see it (not only in this page's memory). */
  private shared = true;
  private readonly listeners: ((news: TabNews) => void)[] = [];

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.listen();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.tabs?.close();
    this.tabs = null;
  }

  /** Hear the site's other tabs (the conversation panel follows them). */
  onNews(listener: (news: TabNews) => void): void {
    this.listeners.push(listener);
  }

  /** Tell the site's other tabs; nothing to tell where the record lives in this page's memory only. */
  tell(news: TabNews): void {
    if (this.shared) this.tabs?.tell(news);
  }

  private listen(): void {
    this.tabs?.close();
    this.tabs = this.siteKey
      ? new SiteTabs(this.siteKey, (news) => {
          for (const listener of this.listeners) listener(news);
        })
      : null;
  }

  /**
   * Point the session at a site and load its public config. The API client is passed in (the element
   * makes it with createApi; tests pass a fake); null when the site key or service URL is missing.
   */
  configure(siteKey: string, api: Api | null): void {
    this.siteKey = siteKey;
    this.api = api;
    this.listen();
    this.load();
  }

  load(): void {
    this.status = 'loading';
    this.error = null;
    this.loaded = (async () => {
      try {
        this.config = await this.need().config();
        this.status = 'ready';
      } catch (err) {
        const error = (this.error = err instanceof ApiError ? err : new ApiError('bad_response', 0));
        this.status = hasCode(error, SITE_UNAVAILABLE_CODES) ? 'disabled' : 'error';
        // The widget then shows nothing: the console says why, for the site's developer.
        if (this.status === 'disabled') console.warn(`[tessera] ${error.code}: ${WHY[error.code]}`);
        emit(this.host, 'tessera-error', { code: error.code, message: error.message, retryable: error.retryable });
      }
      this.host.requestUpdate();
    })();
    this.host.requestUpdate();
  }

  get record(): SessionRecord {
    return loadRecord(this.siteKey);
  }

  get conversationId(): string | null {
    return this.record.conversationId ?? null;
  }

  /** Keep the token fresh with a timer while the visitor has the panel open. */
  setActive(active: boolean): void {
    this.active = active;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const { token, expiresAt = 0 } = this.record;
    if (!this.active || !token) return;
    this.timer = setTimeout(
      // Another tab may have renewed it meanwhile: then only wait for the new expiry.
      () => (this.record.expiresAt! - Date.now() > RENEW_AHEAD_MS ? this.schedule() : void this.renew().catch(() => {})),
      Math.max(0, expiresAt - Date.now() - RENEW_AHEAD_MS),
    );
  }

  private update(patch: SessionRecord, replace = false): SessionRecord {
    const next = replace ? patch : { ...this.record, ...patch };
    this.shared = saveRecord(this.siteKey, next);
    this.tell({ kind: 'record' });
    return next;
  }

  /** A token good for at least a few more seconds (another tab may already have renewed it). */
  token(): Promise<string> {
    const { token, expiresAt = 0 } = this.record;
    return token && expiresAt - Date.now() > MIN_LIFETIME_MS ? Promise.resolve(token) : this.renew();
  }

  /** Renew with `resume` (same visitor); when refused, start over as a new visitor. */
  renew(): Promise<string> {
    this.minting ??= this.mint().finally(() => (this.minting = null));
    return this.minting;
  }

  private async mint(): Promise<string> {
    const api = this.need();
    const old = this.record;
    let res: Wire.SessionResponse;
    try {
      res = await api.session(old.token);
    } catch (err) {
      if (!(old.token && err instanceof ApiError && err.status === 401)) throw err;
      res = await api.session();
    }
    const same = res.visitorId === old.visitorId;
    // A new visitor cannot read the old one's conversation: forget it.
    this.update({ token: res.token, expiresAt: res.expiresAt, visitorId: res.visitorId }, !same);
    // The session carries the config too: a config load that failed earlier is healed.
    this.config = res.config;
    this.status = 'ready';
    this.error = null;
    this.host.requestUpdate();
    this.schedule();
    return res.token;
  }

  /** Run a call with a token; a token the service calls expired or invalid is renewed once. */
  async authed<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.token());
    } catch (err) {
      if (!hasCode(err, TOKEN_RENEWABLE_CODES)) throw err;
      return call(await this.renew());
    }
  }

  /** The stored conversation, or a new one (stored as current). */
  conversation(): Promise<string> {
    const known = this.conversationId;
    return known ? Promise.resolve(known) : this.newConversation();
  }

  private async newConversation(): Promise<string> {
    const { conversationId } = await this.authed((token) => this.need().createConversation(token));
    this.update({ conversationId });
    return conversationId;
  }

  /** The current conversation is forgotten only if it is still this one (another tab may have moved on). */
  forgetConversation(id = this.conversationId): void {
    const { conversationId, ...rest } = this.record;
    if (conversationId === id) this.update(rest, true);
  }

  /**
   * Make a conversation of this visitor's the current one: one "new conversation" put aside (undo),
   * or one of `listConversations()` reopened.
   */
  openConversation(conversationId: string): void {
    this.update({ conversationId });
  }

  /** The visitor's own conversations on this site, latest first; none for a visitor never seen (no session is minted for it). */
  async listConversations(): Promise<Wire.ConversationSummary[]> {
    if (!this.record.token) return [];
    return (await this.authed((token) => this.need().conversations(token))).items;
  }

  /** A conversation's messages (the stored one by default); none when there is none or it is gone. */
  async history(id = this.conversationId): Promise<Wire.HistoryItem[]> {
    if (!id) return [];
    try {
      return (await this.authed((token) => this.need().history(token, id))).items;
    } catch (err) {
      if (!hasCode(err, ['conversation_not_found'])) throw err;
      this.forgetConversation(id);
      return [];
    }
  }

  /** Rate an answer of a conversation (the stored one by default). */
  async rate(messageId: string, body: Wire.FeedbackRequest, id = this.conversationId): Promise<void> {
    if (id) await this.authed((token) => this.need().rate(token, id, messageId, body));
  }

  /**
   * Post the visitor's message to a conversation (the stored one by default; null: a new one, stored
   * as current) and start its answer stream (read its body with readAnswer); a conversation the
   * service no longer knows is replaced once. `to` hears which conversation it goes to, before it is posted.
   */
  async startAnswer(
    text: string,
    signal: AbortSignal,
    conversationId: string | null = this.conversationId,
    to?: (conversationId: string) => void,
  ): Promise<Response> {
    const post = async () => {
      const id = (conversationId ??= await this.newConversation());
      to?.(id);
      return this.authed((token) => this.need().postMessage(token, id, text, signal));
    };
    try {
      return await post();
    } catch (err) {
      if (!hasCode(err, ['conversation_not_found'])) throw err;
      this.forgetConversation(conversationId);
      conversationId = null;
      return post();
    }
  }

  private need(): Api {
    if (!this.api) throw new ApiError('site_not_found', 0, 'site-key and service-url are required', undefined, false);
    return this.api;
  }
}
