/**
 * In-memory stand-ins for the controller unit tests (src/controllers/*.test.ts): a fake token
 * service API that answers from memory and records every call, answer streams the test writes
 * chunk by chunk as the relay would, and a minimal host element. No network, no Lit element.
 */
import type { ReactiveController } from 'lit';
import type * as Wire from '@tessera/protocol/types';
import type { Api } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { type ChatHost, ChatController, type ChatMessage } from '../../src/controllers/chat.controller.js';
import { SessionController } from '../../src/controllers/session.controller.js';

/** One SSE event as the relay writes it (`id`: the length of the answer's text after it). */
export const sse = (event: string, data: unknown, id?: number): string =>
  `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
export const tokenEvent = (token: string, id?: number): string => sse('token', { token }, id);
export const startEvent = (answerId: string): string => sse('start', { answerId }, 0);
export const doneEvent = (text: string, finishReason: Wire.DoneEvent['finishReason'] = 'stop'): string =>
  sse('done', { messageId: 'msg_1', text, finishReason });
export const errorEvent = (code: string, retryable = true): string => sse('error', { code, message: `${code}!`, retryable });

/** A response body the test writes to; each write is one network chunk (one read of the reader). */
export class AnswerStream {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly body = new ReadableStream<Uint8Array>({
    start: (controller) => {
      this.controller = controller;
    },
  });
  private closed = false;

  write(...chunks: (string | Uint8Array)[]): this {
    for (const chunk of chunks) this.controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    return this;
  }

  end(): void {
    if (!this.closed) this.controller.close();
    this.closed = true;
  }

  /** Break the body as a failed connection or an abort does: the reader's pending read rejects. */
  fail(reason: unknown): void {
    if (!this.closed) this.controller.error(reason);
    this.closed = true;
  }
}

/** A complete answer: one network chunk per argument, then the end of the body. */
export function answer(...chunks: (string | Uint8Array)[]): AnswerStream {
  const stream = new AnswerStream().write(...chunks);
  stream.end();
  return stream;
}

export const SITE_CONFIG: Wire.SiteConfig = {
  siteKey: 'pk_unit',
  title: 'Unit Bikes',
  subtitle: null,
  greeting: 'Hi!',
  starterPrompts: [],
  locale: null,
  theme: {},
  translations: {},
  identityRequired: false,
};

const base64url = (text: string): string => btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** An identity token as the site's backend signs one (unsigned here: the fake API only reads its `sub`). */
export const identityToken = (sub: string, claims: Record<string, unknown> = {}): string =>
  `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify({ sub, ...claims }))}.c2ln`;

const subjectOf = (identity: string): string =>
  JSON.parse(atob(identity.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sub;

/**
 * The browser-facing API, answered from memory. Tokens read `<visitor>/t<n>` (`vi_1/t2`), so a
 * resume keeps the visitor of the token it names; `refuse()` makes the next calls of a method fail.
 * A signed-in user's visitor is `vi_<sub>` (as the service: one per user, whatever the device); an
 * identity with `resume` of an anonymous token adopts that visitor's conversations (`adoptions`).
 */
export class FakeApi implements Api {
  /**
   * Every call in order, e.g. `session()`, `session(vi_1/t1)`, `session(vi_1/t1, as alice)` (with the
   * identity of user `alice`), `postMessage(vi_1/t1, cv_1, Hi)`.
   */
  readonly calls: string[] = [];
  /** Answer streams for postMessage, in order; when none is left, the answer is "ok". */
  readonly answers: AnswerStream[] = [];
  /** Answer streams for `answer` (a reattach), in order; when none is left, the answer is not found. */
  readonly reattached: AnswerStream[] = [];
  readonly histories = new Map<string, Wire.HistoryItem[]>();
  /** What `conversations` answers: the visitor's conversations, latest first. */
  readonly summaries: Wire.ConversationSummary[] = [];
  /** Keep what is asked in the histories, as the service does (the default answer "ok" with it). */
  keepsHistory = false;
  /** When set, history calls wait for it (a slow network). */
  historyGate: Promise<unknown> | null = null;
  siteConfig: Wire.SiteConfig = SITE_CONFIG;
  /** Lifetime of the tokens minted from now on. */
  lifetimeMs = 10 * 60_000;
  /** Conversations users adopted: `vi_1 → vi_alice`. */
  readonly adoptions: string[] = [];
  /** The site lets a user adopt the anonymous visitor they were before signing in (the site's identityAdopt). */
  adopt = true;
  private readonly refusals = new Map<keyof Api, ApiError[]>();
  private counts = { visitor: 0, token: 0, conversation: 0 };

  /** The next calls of `method` fail with these errors, one each, before it answers normally again. */
  refuse(method: keyof Api, ...errors: ApiError[]): this {
    this.refusals.set(method, [...(this.refusals.get(method) ?? []), ...errors]);
    return this;
  }

  /** Calls of one method. */
  callsOf(method: keyof Api): string[] {
    return this.calls.filter((call) => call.startsWith(`${method}(`));
  }

  private record(method: keyof Api, ...args: (string | undefined)[]): void {
    this.calls.push(`${method}(${args.filter((a) => a !== undefined).join(', ')})`);
    const refusal = this.refusals.get(method)?.shift();
    if (refusal) throw refusal;
  }

  async config(): Promise<Wire.SiteConfig> {
    this.record('config');
    return this.siteConfig;
  }

  async session(resume?: string, identity?: string): Promise<Wire.SessionResponse> {
    const subject = identity && subjectOf(identity);
    this.record('session', resume, subject && `as ${subject}`);
    const resumed = resume?.split('/')[0];
    const resumedUser = !!resumed && !/^vi_\d+$/.test(resumed);
    if (this.siteConfig.identityRequired && !subject && !resumedUser) throw new ApiError('identity_required', 401);
    const visitorId = subject ? `vi_${subject}` : (resumed ?? `vi_${++this.counts.visitor}`);
    if (subject && resumed && !resumedUser && this.adopt) this.adoptions.push(`${resumed} → ${visitorId}`);
    const token = `${visitorId}/t${++this.counts.token}`;
    const identified = !!subject || resumedUser;
    return { token, expiresAt: Date.now() + this.lifetimeMs, visitorId, identified, config: this.siteConfig };
  }

  async createConversation(token: string): Promise<Wire.CreateConversationResponse> {
    this.record('createConversation', token);
    return { conversationId: `cv_${++this.counts.conversation}`, createdAt: Date.now() };
  }

  async conversations(token: string): Promise<Wire.ConversationList> {
    this.record('conversations', token);
    return { items: [...this.summaries] };
  }

  async history(token: string, conversationId: string): Promise<Wire.History> {
    this.record('history', token, conversationId);
    await this.historyGate;
    return { items: this.histories.get(conversationId) ?? [] };
  }

  async postMessage(token: string, conversationId: string, text: string, signal: AbortSignal): Promise<Response> {
    this.record('postMessage', token, conversationId, text);
    const written = this.answers.shift();
    const stream = written ?? answer(tokenEvent('ok'), doneEvent('ok'));
    if (this.keepsHistory) {
      const items = this.histories.get(conversationId) ?? [];
      items.push(historyItem('user', text, items.length + 1));
      if (!written) items.push(historyItem('bot', 'ok', items.length + 1));
      this.histories.set(conversationId, items);
    }
    // As fetch does: an abort breaks the body being read.
    signal.addEventListener('abort', () => stream.fail(new DOMException('The user aborted a request.', 'AbortError')));
    return new Response(stream.body, { headers: { 'Content-Type': 'text/event-stream' } });
  }

  /** Recorded as `answer(vi_1/t0, cv_1, an_1)`, with the Last-Event-ID last when there is one. */
  async answer(token: string, conversationId: string, answerId: string, signal: AbortSignal, after?: string): Promise<Response> {
    this.record('answer', token, conversationId, answerId, after);
    const stream = this.reattached.shift();
    if (!stream) throw new ApiError('answer_not_found', 404);
    signal.addEventListener('abort', () => stream.fail(new DOMException('The user aborted a request.', 'AbortError')));
    return new Response(stream.body, { headers: { 'Content-Type': 'text/event-stream' } });
  }

  async stopAnswer(token: string, conversationId: string, answerId: string): Promise<Response> {
    this.record('stopAnswer', token, conversationId, answerId);
    return new Response(null, { status: 204 });
  }

  async rate(token: string, conversationId: string, messageId: string, body: Wire.FeedbackRequest): Promise<Response> {
    this.record('rate', token, conversationId, messageId, body.rating, body.comment);
    return Response.json({ rating: body.rating, comment: body.comment ?? null, updatedAt: Date.now() });
  }
}

export const summary = (conversationId: string, preview: string | null = null, at = 1): Wire.ConversationSummary => ({
  conversationId,
  createdAt: at,
  lastMessageAt: preview ? at : null,
  preview,
  title: null,
});

export const historyItem = (role: Wire.HistoryItem['role'], text: string, n = 1): Wire.HistoryItem => ({
  id: `m${n}`,
  role,
  text,
  createdAt: n,
});

type Emitted = { type: string; detail: Record<string, unknown> };

/** The smallest element a controller can live on; it records what the controllers asked of it. */
export class TestHost extends HTMLElement implements ChatHost {
  readonly labels = { copy: 'Copy code', copied: 'Copied', table: 'Scrollable table' };
  readonly controllers: ReactiveController[] = [];
  /** The tessera-* events the controllers emitted, in order. */
  readonly events: Emitted[] = [];
  /** Texts given back to the composer. */
  readonly drafts: string[] = [];
  updates = 0;
  /** Runs at each update, as the panel's render does (it calls the chat's restore()). */
  onUpdate: (() => void) | null = null;

  constructor() {
    super();
    for (const type of ['tessera-message-sent', 'tessera-message-received', 'tessera-error']) {
      this.addEventListener(type, (e) => this.events.push({ type, detail: (e as CustomEvent).detail }));
    }
  }

  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }

  removeController(controller: ReactiveController): void {
    this.controllers.splice(this.controllers.indexOf(controller), 1);
  }

  requestUpdate(): void {
    this.updates++;
    // As Lit does: the update happens after the current task's microtasks, not inside the call.
    if (this.onUpdate) queueMicrotask(() => this.onUpdate?.());
  }

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }

  streamed(): void {}

  restoreDraft(text: string): void {
    this.drafts.push(text);
  }

  /** Events of one type, their details only. */
  emitted(type: string): Record<string, unknown>[] {
    return this.events.filter((e) => e.type === type).map((e) => e.detail);
  }
}
customElements.define('tessera-test-host', TestHost);

let sites = 0;

/** A site key of its own per test, so stored sessions never leak between tests. */
export const uniqueSiteKey = (): string => `pk_unit${Date.now().toString(36)}${++sites}`;

/** Forget what the unit tests stored (the browser tests of the same origin share localStorage). */
export function forgetUnitSites(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('tessera:pk_unit')) localStorage.removeItem(key);
}

/** Poll until `check` returns something truthy. */
export async function until<T>(check: () => T | null | undefined | false, what = 'condition', timeout = 2_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What the visitor sees of the messages: role, text, and "stopped". */
export const shown = (messages: ChatMessage[]): string[][] =>
  messages.map((m) => (m.stopped ? [m.role, m.text, 'stopped'] : [m.role, m.text]) as string[]);

/** A page (or tab) of the site with the widget's controllers on it, its session loaded. */
export async function widgetPage(
  siteKey: string,
  api: Api,
): Promise<{ host: TestHost; session: SessionController; chat: ChatController }> {
  const host = new TestHost();
  const session = new SessionController(host);
  session.configure(siteKey, api);
  await session.loaded;
  return { host, session, chat: new ChatController(host, session) };
}
