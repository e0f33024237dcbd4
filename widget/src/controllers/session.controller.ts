/**
 * The visitor's session as a Lit ReactiveController: loads the site config, mints a token only when
 * first needed, renews it silently before it expires (`resume` keeps the same visitor), starts a
 * fresh visitor when resume is refused, and keeps token and conversation per site key so a reload
 * continues where the visitor left off, and the visitor's other tabs of the site follow (tabs.ts).
 * The page may sign its user in (identify(): the visitor is then that user, on every device) and out.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SITE_UNAVAILABLE_CODES, TOKEN_RENEWABLE_CODES } from '@tessera/protocol/limits';
import type * as Wire from '@tessera/protocol/types';
import type { Api } from '../api/client.js';
import { ApiError, hasCode } from '../api/errors.js';
import { emit } from '../events/events.js';
import { forgetRecord, loadRecord, saveRecord, type SessionRecord } from './storage.js';
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
  /** The identity token the page signed its user in with, until a session of that user is minted. */
  private identity: string | null = null;
  /** Counts sign-ins and sign-outs: a session minted before one of them is not the visitor's. */
  private epoch = 0;

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
    this.tabs = this.siteKey ? new SiteTabs(this.siteKey, (news) => this.hear(news)) : null;
  }

  private hear(news: TabNews): void {
    for (const listener of this.listeners) listener(news);
    // Signed in or out (see changed()): the launcher shows or hides where the site requires a user.
    if (news.kind === 'answered' && !news.conversationId) this.host.requestUpdate();
  }

  /**
   * Another visitor (signed in, out, another user): the conversation on screen and the list of
   * conversations follow, here and in the other tabs.
   */
  private changed(): void {
    for (const news of [{ kind: 'record' }, { kind: 'answered', conversationId: '' }] as const) {
      this.hear(news);
      this.tell(news);
    }
  }

  /** The visitor is a signed-in user of the site, or is being signed in. */
  get identified(): boolean {
    return !!(this.identity || this.record.identified);
  }

  /** No chat until the page signs a user in: the site lets only its signed-in users chat. */
  get signIn(): boolean {
    return !!this.config?.identityRequired && !this.identified;
  }

  /**
   * Sign the visitor in as the user an identity token names (a short-lived JWT the site's backend
   * signed), or out (null). It is minted with at once, before it expires, and no stored session is
   * used until then: which user a signed-in session is, is not stored (only that it is one), so the
   * service's answer tells whether it is the same user (the session goes on) or another (nothing of
   * the first carries over: no resume, no conversation). An anonymous session is resumed: the user
   * adopts its conversations (unless the site turned that off).
   */
  async identify(token: string | null): Promise<void> {
    if (!token) return this.logout();
    this.identity = token;
    this.restart();
    await this.loaded;
    // Unless signed out meanwhile, or the site is not enabled here.
    if (this.identity && this.status !== 'disabled') await this.renew().catch(() => {});
  }

  /**
   * Sign out: token, visitor and conversation are forgotten (the stored record removed, the other
   * tabs follow); the next need mints a new anonymous visitor.
   */
  logout(): void {
    this.identity = null;
    this.restart();
    clearTimeout(this.timer);
    forgetRecord(this.siteKey);
    this.changed();
  }

  /** A session being minted is not the visitor's any more (it is not stored); the launcher may show or hide. */
  private restart(): void {
    this.epoch++;
    this.minting = null;
    this.host.requestUpdate();
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

  /** Store a change of the record (`replace`: the whole record); the other tabs hear of it. */
  update(patch: SessionRecord, replace = false): SessionRecord {
    const next = replace ? patch : { ...this.record, ...patch };
    this.shared = saveRecord(this.siteKey, next);
    this.tell({ kind: 'record' });
    return next;
  }

  /** A token good for at least a few more seconds (another tab may already have renewed it). */
  token(): Promise<string> {
    const { token, expiresAt = 0 } = this.record;
    return token && expiresAt - Date.now() > MIN_LIFETIME_MS && !this.identity ? Promise.resolve(token) : this.renew();
  }

  /** Renew with `resume` (same visitor); when refused, start over as a new visitor. */
  renew(): Promise<string> {
    this.minting ??= this.mint().finally(() => (this.minting = null));
    return this.minting;
  }

  private async mint(): Promise<string> {
    const api = this.need();
    const { epoch, identity } = this;
    const old = this.record;
    // Signing in resumes an anonymous session (adoption), never a user's: maybe another user's.
    const resume = identity && old.identified ? undefined : old.token;
    let res: Wire.SessionResponse;
    try {
      res = await api.session(resume, identity ?? undefined);
    } catch (err) {
      // An identity the service refuses: the console says why, once (it is dropped: the next session
      // is anonymous, where the site lets anonymous visitors chat).
      if (identity && err instanceof ApiError && err.code.startsWith('identity_')) {
        console.warn(`[tessera] ${err.code}: ${err.message}`);
        this.identity = null;
        this.host.requestUpdate();
      }
      if (!(resume && !identity && err instanceof ApiError && err.status === 401)) throw err;
      res = await api.session();
    }
    if (epoch !== this.epoch) return res.token;
    const same = res.visitorId === old.visitorId;
    // Signed in: renewals resume this session.
    this.identity = null;
    // A new visitor cannot read the old one's conversation: forget it. A user who resumed an anonymous
    // session has adopted it (where the site does not, its history is not found: forgotten then).
    this.update(
      { token: res.token, expiresAt: res.expiresAt, visitorId: res.visitorId, identified: res.identified || undefined },
      !same && !(identity && resume),
    );
    if (!same && (old.visitorId || identity)) this.changed();
    // The session carries the config too: a config load that failed earlier is healed.
    this.config = res.config;
    this.status = 'ready';
    this.error = null;
    this.host.requestUpdate();
    this.schedule();
    return res.token;
  }

  /** Run a call of the API with a token; a token the service calls expired or invalid is renewed once. */
  async authed<T>(call: (token: string, api: Api) => Promise<T>): Promise<T> {
    try {
      return await call(await this.token(), this.need());
    } catch (err) {
      if (!hasCode(err, TOKEN_RENEWABLE_CODES)) throw err;
      return call(await this.renew(), this.need());
    }
  }

  /** A new conversation, stored as current. */
  async newConversation(): Promise<string> {
    const { conversationId } = await this.authed((token, api) => api.createConversation(token));
    this.update({ conversationId });
    return conversationId;
  }

  /** The current conversation is forgotten only if it is still this one (another tab may have moved on). */
  forgetConversation(id = this.conversationId): void {
    const { conversationId, ...rest } = this.record;
    if (conversationId === id) this.update(rest, true);
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
      return this.authed((token, api) => api.postMessage(token, id, text, signal));
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
