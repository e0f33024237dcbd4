/**
 * The ChatBotKit client. Every request's headers are built from scratch here (the partner token and
 * the run-as header are added by this file and nowhere else); every path segment is a server-side
 * value checked against a strict pattern; redirects are never followed (transport.ts); nothing the upstream says in an
 * error body is kept, only its status and, if well-formed, its code.
 */
import { UpstreamId } from '@tessera/protocol';
import { TooLargeError, readCappedText } from '../platform/read-capped.js';
import type { CircuitBreaker } from './breaker.js';
import { request, type UpstreamResponse } from './transport.js';

export type UpstreamFailure = 'rate_limited' | 'error' | 'timeout' | 'unavailable' | 'not_found' | 'rejected';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly failure: UpstreamFailure,
    /** The upstream HTTP status, when there was a response. */
    readonly status: number | null,
    /** The upstream error code, only if it looks like one of ChatBotKit's codes. */
    readonly upstreamCode: string | null = null,
    /** Seconds until a retry makes sense, when known (the breaker is open). */
    readonly retryAfter: number | null = null,
  ) {
    super(`upstream ${failure}${status ? ` (${status}${upstreamCode ? ` ${upstreamCode}` : ''})` : ''}`);
  }
}

export interface UpstreamOptions {
  apiUrl: string;
  token: string;
  /** Time to wait for response headers, ms. */
  firstByteTimeoutMs: number;
  breaker?: CircuitBreaker;
  /** Observe every upstream call: operation, outcome and seconds until headers (metrics). */
  observe?: (op: string, outcome: string, seconds: number) => void;
}

/** Idempotent reads are retried this many times on a failure of the upstream, with backoff. */
const READ_RETRIES = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface UpstreamBot {
  id: string;
  name?: string | null;
  description?: string | null;
  backstory?: string | null;
  model?: string | null;
  createdAt?: number;
}

export interface UpstreamMessage {
  id: string;
  type: string;
  text: string;
  createdAt: number;
}

/** What Tessera tells ChatBotKit about a signed-in visitor's contact (ContactOptions). */
export interface UpstreamContact {
  fingerprint?: string;
  name?: string | null;
  email?: string | null;
}

/**
 * A contact body with only the fields that carry a value: ChatBotKit's update writes every field
 * it is given, and a null email would fail its email check, so "unknown" is simply left out.
 */
function contactBody(contact: UpstreamContact): Record<string, string> {
  const body: Record<string, string> = {};
  if (contact.fingerprint) body['fingerprint'] = contact.fingerprint;
  if (contact.name) body['name'] = contact.name;
  if (contact.email) body['email'] = contact.email;
  return body;
}

const SAFE_CODE = /^[A-Z][A-Z_]{1,40}$/;

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function segment(id: string): string {
  // Defence in depth: ids come from our own records, but an id that is not a plain token never
  // reaches a URL (Node's URL parser would resolve `..`, `%2e%2e` and backslashes).
  if (!UpstreamId.safeParse(id).success) throw new UpstreamError('error', null); // check: upstream-id-segment
  return id;
}

export class UpstreamClient {
  constructor(private readonly opts: UpstreamOptions) {}

  createUser(body: { name?: string; email?: string; meta?: Record<string, string> }) {
    return this.json<{ id: string }>('POST', '/v1/partner/user/create', { body });
  }

  deleteUser(userId: string) {
    return this.json<{ id: string }>('POST', `/v1/partner/user/${segment(userId)}/delete`, { body: {} });
  }

  createBot(runAs: string, body: { name: string; description?: string; backstory?: string; model?: string }) {
    return this.json<{ id: string }>('POST', '/v1/bot/create', { runAs, body });
  }

  updateBot(runAs: string, botId: string, body: { name?: string; description?: string; backstory?: string }) {
    return this.json<{ id: string }>('POST', `/v1/bot/${segment(botId)}/update`, { runAs, body });
  }

  /** A vote on a message: `{value}` as @chatbotkit/sdk sends it (100). */
  voteMessage(runAs: string, conversationId: string, messageId: string, vote: 'upvote' | 'downvote') {
    return this.json<{ id: string }>(
      'POST',
      `/v1/conversation/${segment(conversationId)}/message/${segment(messageId)}/${vote}`,
      { runAs, body: { value: 100 } },
    );
  }

  fetchMessage(runAs: string, conversationId: string, messageId: string) {
    return this.json<UpstreamMessage>('GET', `/v1/conversation/${segment(conversationId)}/message/${segment(messageId)}/fetch`, {
      runAs,
    });
  }

  deleteConversation(runAs: string, conversationId: string) {
    return this.json<{ id: string }>('POST', `/v1/conversation/${segment(conversationId)}/delete`, { runAs, body: {} });
  }

  fetchBot(runAs: string, botId: string) {
    return this.json<UpstreamBot>('GET', `/v1/bot/${segment(botId)}/fetch`, { runAs });
  }

  async listBots(runAs: string): Promise<UpstreamBot[]> {
    const items: UpstreamBot[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = new URLSearchParams({ take: '100', order: 'asc', ...(cursor ? { cursor } : {}) });
      const res = await this.json<{ items: UpstreamBot[]; cursor?: string }>('GET', `/v1/bot/list?${query}`, { runAs });
      items.push(...res.items);
      if (res.items.length < 100 || !res.cursor) break;
      cursor = segment(res.cursor);
    }
    return items;
  }

  /** `contactId` ties the conversation to a contact of the same account (a signed-in visitor). */
  createConversation(runAs: string, botId: string, signal?: AbortSignal, contactId?: string) {
    const body = contactId === undefined ? { botId } : { botId, contactId: segment(contactId) };
    return this.json<{ id: string }>('POST', '/v1/conversation/create', { runAs, body, signal });
  }

  /**
   * The account's contact with this fingerprint, created (trusted) when there is none. An existing
   * contact keeps its name and email: updateContact changes them.
   */
  ensureContact(runAs: string, contact: UpstreamContact & { fingerprint: string }, signal?: AbortSignal) {
    return this.json<{ id: string }>('POST', '/v1/contact/ensure', { runAs, body: contactBody(contact), signal });
  }

  updateContact(runAs: string, contactId: string, contact: UpstreamContact, signal?: AbortSignal) {
    return this.json<{ id: string }>('POST', `/v1/contact/${segment(contactId)}/update`, {
      runAs,
      body: contactBody(contact),
      signal,
    });
  }

  /** The whole history, oldest first, up to `max` messages. */
  async listMessages(runAs: string, conversationId: string, max = 1000, signal?: AbortSignal): Promise<UpstreamMessage[]> {
    const items: UpstreamMessage[] = [];
    let cursor: string | undefined;
    while (items.length < max) {
      const query = new URLSearchParams({ take: '100', order: 'asc', ...(cursor ? { cursor } : {}) });
      const res = await this.json<{ items: UpstreamMessage[]; cursor?: string }>(
        'GET',
        `/v1/conversation/${segment(conversationId)}/message/list?${query}`,
        { runAs, signal },
      );
      items.push(...res.items);
      // A short page is the last one; a full one may or may not be (ChatBotKit's list semantics).
      if (res.items.length < 100 || !res.cursor) break;
      cursor = segment(res.cursor);
    }
    return items.slice(0, max);
  }

  /**
   * Start a streamed completion. Resolves once the upstream sent its headers with a 2xx status;
   * the caller owns the body and must consume or cancel it.
   */
  async complete(runAs: string, conversationId: string, text: string, signal: AbortSignal): Promise<UpstreamResponse> {
    const { res, timer } = await /* check: no-retry-completions */ this.open(
      'POST',
      `/v1/conversation/${segment(conversationId)}/complete`,
      {
        runAs,
        body: { text },
        accept: 'application/jsonl',
        signal,
      },
    );
    // From here on the relay's idle and total timers govern the body.
    timer.clear();
    return res;
  }

  private async json<T>(
    method: 'GET' | 'POST',
    path: string,
    opts: { runAs?: string; body?: unknown; signal?: AbortSignal | undefined },
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.jsonOnce<T>(method, path, opts);
      } catch (err) {
        // Reads are safe to repeat; a write (or a completion) is never sent twice.
        const retryable =
          method === 'GET' && // check: no-retry-writes
          err instanceof UpstreamError &&
          err.retryAfter === null &&
          (err.failure === 'unavailable' || err.failure === 'timeout' || (err.failure === 'error' && (err.status ?? 0) >= 500));
        if (!retryable || attempt >= READ_RETRIES || opts.signal?.aborted) throw err;
        await sleep(150 * 3 ** attempt * (0.75 + Math.random() / 2));
      }
    }
  }

  private async jsonOnce<T>(
    method: 'GET' | 'POST',
    path: string,
    opts: { runAs?: string; body?: unknown; signal?: AbortSignal | undefined },
  ): Promise<T> {
    // The first-byte timer also bounds reading the (small) JSON body.
    const { res, timer } = await this.open(method, path, { ...opts, accept: 'application/json' });
    try {
      return JSON.parse(await readCapped(res, 4 * 1024 * 1024)) as T;
    } catch (err) {
      if (timer.timedOut) throw new UpstreamError('timeout', null);
      if (opts.signal?.aborted) throw err;
      throw new UpstreamError('error', res.status);
    } finally {
      timer.clear();
    }
  }

  /** Open a request: resolves once the response headers are in (2xx), with the first-byte timer still running. */
  private async open(
    method: 'GET' | 'POST',
    path: string,
    opts: { runAs?: string | undefined; body?: unknown; accept: string; signal?: AbortSignal | undefined },
  ): Promise<{ res: UpstreamResponse; timer: FirstByteTimer }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.token}`,
      accept: opts.accept,
    };
    if (opts.runAs !== undefined) headers['x-runas-user-id'] = segment(opts.runAs);
    if (method === 'POST') headers['content-type'] = 'application/json';

    const breaker = this.opts.breaker;
    if (breaker && !breaker.allow() /* check: breaker */) {
      this.opts.observe?.(operationOf(path), 'breaker_open', 0);
      throw new UpstreamError('unavailable', null, null, breaker.retryAfterSeconds());
    }
    const started = performance.now();
    const done = (outcome: string) => this.opts.observe?.(operationOf(path), outcome, (performance.now() - started) / 1000);
    const timer = firstByteTimer(this.opts.firstByteTimeoutMs, opts.signal);
    let res: UpstreamResponse;
    try {
      res = await request(`${this.opts.apiUrl}${path}`, {
        method,
        headers,
        ...(method === 'POST' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
        signal: timer.signal,
      });
    } catch (err) {
      timer.clear();
      if (timer.timedOut) {
        breaker?.failure();
        done('timeout');
        throw new UpstreamError('timeout', null);
      }
      if (opts.signal?.aborted) {
        breaker?.neutral();
        done('aborted');
        throw err;
      }
      // No connection at all is "unavailable"; anything else (a refused redirect, a broken
      // response) is an upstream error.
      breaker?.failure();
      const code = (err as { cause?: { code?: unknown } }).cause?.code;
      const failure = typeof code === 'string' && UNREACHABLE.has(code) ? 'unavailable' : 'error';
      done(failure);
      throw new UpstreamError(failure, null);
    }
    if (res.status >= 500) breaker?.failure();
    else breaker?.success();
    done(String(res.status));
    if (res.status >= 200 && res.status < 300) return { res, timer }; // check: upstream-no-redirect
    timer.clear();
    throw await failureOf(res);
  }
}

/** A low-cardinality name of an upstream call, for metrics: the path without ids. */
function operationOf(path: string): string {
  const p = path.split('?')[0]!;
  if (p.endsWith('/complete')) return 'complete';
  if (p.endsWith('/message/list')) return 'message_list';
  if (p.startsWith('/v1/partner/user/')) return p.endsWith('/create') ? 'user_create' : 'user_delete';
  if (p.startsWith('/v1/bot/')) return p.endsWith('/create') ? 'bot_create' : p.endsWith('/list') ? 'bot_list' : 'bot_fetch';
  if (p.endsWith('/conversation/create')) return 'conversation_create';
  if (p.endsWith('/contact/ensure')) return 'contact_ensure';
  if (p.startsWith('/v1/contact/')) return 'contact_update';
  return 'other';
}

interface FirstByteTimer {
  signal: AbortSignal;
  readonly timedOut: boolean;
  clear(): void;
}

/** An abort signal that fires after `ms` (until cleared) or when the caller's signal fires. */
function firstByteTimer(ms: number, callerSignal?: AbortSignal): FirstByteTimer {
  const controller = new AbortController();
  let timedOut = false;
  const handle = setTimeout(() => {
    timedOut = true;
    controller.abort(new UpstreamError('timeout', null));
  }, ms);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    clear() {
      clearTimeout(handle);
    },
  };
}

/** Read at most `max` bytes of a body as text; a longer body is an upstream error. */
async function readCapped(res: UpstreamResponse, max: number): Promise<string> {
  try {
    return await readCappedText(res.body, max);
  } catch (err) {
    if (err instanceof TooLargeError) throw new UpstreamError('error', res.status);
    throw err;
  }
}

async function failureOf(res: UpstreamResponse): Promise<UpstreamError> {
  let code: string | null = null;
  try {
    // Read a bounded amount: the body is only inspected for its `code`, and then dropped.
    const text = await readCapped(res, 16 * 1024);
    const parsed = JSON.parse(text) as { code?: unknown };
    if (typeof parsed.code === 'string' && SAFE_CODE.test(parsed.code)) code = parsed.code; // check: upstream-code-pattern
  } catch {
    // not JSON: nothing to keep
  }
  const failure: UpstreamFailure =
    res.status === 429
      ? 'rate_limited'
      : res.status === 404
        ? 'not_found'
        : res.status >= 500
          ? 'error'
          : res.status >= 300 && res.status < 400
            ? 'error'
            : 'rejected';
  return new UpstreamError(failure, res.status, code);
}
