/**
 * The browser-facing HTTP API of the token service, one function per call. Only the two CORS-allowed
 * request headers are ever sent (Authorization, Content-Type). Non-2xx answers become ApiError from
 * the one error envelope; a failed fetch becomes `offline` or `network`.
 */
import type * as Wire from '@tessera/protocol/types';
import { ApiError, retryAfterOf } from './errors.js';

export interface Api {
  config(): Promise<Wire.SiteConfig>;
  /** `POST sessions`: renew with `resume` (the same visitor), sign a user in with `identity` (see SessionController.identify). */
  session(resume?: string, identity?: string): Promise<Wire.SessionResponse>;
  createConversation(token: string): Promise<Wire.CreateConversationResponse>;
  /** `GET conversations`: the visitor's own conversations on this site, latest first (up to 50). */
  conversations(token: string): Promise<Wire.ConversationList>;
  history(token: string, conversationId: string): Promise<Wire.History>;
  /**
   * `POST conversations/{id}/messages`: the visitor's message. Resolves once the answer stream has
   * started (status 200); read its `body` with readAnswer.
   */
  postMessage(token: string, conversationId: string, text: string, signal: AbortSignal): Promise<Response>;
  /** `POST conversations/{id}/messages/{messageId}/feedback`: the visitor's rating of an answer. */
  rate(token: string, conversationId: string, messageId: string, body: Wire.FeedbackRequest): Promise<Response>;
}

export function createApi(serviceUrl: string, siteKey: string): Api {
  const base = `${serviceUrl.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(siteKey)}/`;

  async function call(path: string, token?: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(base + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
        // No cookies, even when the service shares the site's origin: the token is the credential.
        credentials: 'omit',
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(navigator.onLine === false ? 'offline' : 'network', 0);
    }
    if (res.ok) return res;
    const envelope = (await res.json().catch(() => null)) as Partial<Wire.ErrorEnvelope> | null;
    const error = envelope?.error;
    throw new ApiError(
      typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      res.status,
      typeof error?.message === 'string' ? error.message : res.statusText,
      retryAfterOf(error?.retryAfter, res.headers.get('retry-after')),
    );
  }

  const json = async <T>(res: Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
  const conversations = 'conversations';

  return {
    config: () => json(call('config')),
    // Unset fields are left out (JSON.stringify drops undefined).
    session: (resume, identity) => json(call('sessions', undefined, { resume, identity })),
    createConversation: (token) => json(call(conversations, token, {})),
    conversations: (token) => json(call(conversations, token)),
    history: (token, id) => json(call(`${conversations}/${encodeURIComponent(id)}/messages`, token)),
    postMessage: (token, id, text, signal) =>
      call(`${conversations}/${encodeURIComponent(id)}/messages`, token, { text }, signal),
    rate: (token, id, messageId, body) =>
      call(`${conversations}/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/feedback`, token, body),
  };
}
