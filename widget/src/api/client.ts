/**
 * The browser-facing HTTP API of the token service, one function per call. Only the CORS-allowed
 * request headers are ever sent (Authorization, Content-Type, Last-Event-ID). Non-2xx answers become
 * ApiError from the one error envelope; a failed fetch becomes `offline` or `network`.
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
  /**
   * `GET conversations/{id}/answers/{answerId}`: an answer's stream again (after a reload, a dropped
   * connection, in another tab), from its start, or with `after` (Last-Event-ID: an id of the
   * stream) from there on.
   */
  answer(token: string, conversationId: string, answerId: string, signal: AbortSignal, after?: string): Promise<Response>;
  /** `DELETE conversations/{id}/answers/{answerId}`: stop an answer (the service aborts it upstream). */
  stopAnswer(token: string, conversationId: string, answerId: string): Promise<Response>;
  /** `POST conversations/{id}/messages/{messageId}/feedback`: the visitor's rating of an answer. */
  rate(token: string, conversationId: string, messageId: string, body: Wire.FeedbackRequest): Promise<Response>;
}

export function createApi(serviceUrl: string, siteKey: string): Api {
  const base = `${serviceUrl.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(siteKey)}/`;

  async function call(
    path: string,
    token?: string,
    body?: unknown,
    signal?: AbortSignal,
    headers: Record<string, string> = {},
    method = body === undefined ? 'GET' : 'POST',
  ): Promise<Response> {
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        // None without one (JSON.stringify(undefined) is undefined).
        body: JSON.stringify(body),
        signal,
        // No cookies, even when the service shares the site's origin: the token is the credential.
        credentials: 'omit',
        // A stop still reaches the service when the visitor leaves the page right after it.
        keepalive: method === 'DELETE',
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
  /** The path of a conversation or of what it holds (`id`, 'messages', …), each part encoded. */
  const conversation = (...parts: string[]) => [conversations, ...parts].map(encodeURIComponent).join('/');

  return {
    config: () => json(call('config')),
    // Unset fields are left out (JSON.stringify drops undefined).
    session: (resume, identity) => json(call('sessions', undefined, { resume, identity })),
    createConversation: (token) => json(call(conversations, token, {})),
    conversations: (token) => json(call(conversations, token)),
    history: (token, id) => json(call(conversation(id, 'messages'), token)),
    postMessage: (token, id, text, signal) => call(conversation(id, 'messages'), token, { text }, signal),
    answer: (token, id, answerId, signal, after) =>
      call(conversation(id, 'answers', answerId), token, undefined, signal, after ? { 'Last-Event-ID': after } : {}),
    stopAnswer: (token, id, answerId) => call(conversation(id, 'answers', answerId), token, undefined, undefined, {}, 'DELETE'),
    rate: (token, id, messageId, body) => call(conversation(id, 'messages', messageId, 'feedback'), token, body),
  };
}
