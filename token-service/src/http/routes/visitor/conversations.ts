/**
 * A visitor's conversations (the rules live in conversations/conversation-service.ts). The answer
 * to a message is an event stream read from the answer log, which the same visitor can read again
 * (after a reload, in another tab) and stop: straight into Node's response when the service runs
 * on a socket, as a web stream otherwise (in-process `app.request()`).
 */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import {
  ConversationList,
  CreateConversationRequest,
  CreateConversationResponse,
  Feedback,
  FeedbackRequest,
  History,
  SendMessageRequest,
  StreamEventData,
} from '@tessera/protocol';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AnswerEntry } from '../../../answers/entry.js';
import { ResponseOutput, streamOutput } from '../../../answers/outputs.js';
import { ServiceError } from '../../../errors.js';
import type { VisitorOnSite } from '../../../conversations/conversation-service.js';
import type { AppDeps, AppEnv } from '../../context.js';
import { byVisitor, limit } from '../../middleware/limits.js';
import { abortIfClientGoes, clientGone, nodeResponse } from '../../node-request.js';
import { BODY_ERRORS, mount, route, UPSTREAM_ERRORS } from '../../spec.js';
import { answerHeaders, answer as respond, json, setHeader } from '../../response.js';
import { SITE_PATH } from './sessions.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  // Ask proxies such as nginx not to buffer the stream.
  'x-accel-buffering': 'no',
};

const CONVERSATIONS = `${SITE_PATH}/conversations`;
const MESSAGES = `${CONVERSATIONS}/{conversationId}/messages`;
const ANSWER = `${CONVERSATIONS}/{conversationId}/answers/{answerId}`;
const TOKEN_ERRORS = [
  'token_missing',
  'token_invalid',
  'token_expired',
  'token_site_mismatch',
  'origin_not_allowed',
  'site_not_found',
  'site_suspended',
] as const;

export const createConversation = route({
  id: 'createConversation',
  method: 'post',
  path: CONVERSATIONS,
  tag: 'Visitors',
  summary: 'Start a conversation',
  auth: 'visitor',
  body: CreateConversationRequest, // check: strict-conversation-schema
  bodyOptional: true,
  answers: { 201: { description: 'The new conversation', schema: CreateConversationResponse } },
  errors: [...TOKEN_ERRORS, ...UPSTREAM_ERRORS, ...BODY_ERRORS, 'rate_limited'],
});

export const listConversations = route({
  id: 'listConversations',
  method: 'get',
  path: CONVERSATIONS,
  tag: 'Visitors',
  summary: "The visitor's own conversations on this site, latest first (up to 50)",
  auth: 'visitor',
  answers: { 200: { description: 'Conversations', schema: ConversationList } },
  errors: [...TOKEN_ERRORS],
});

export const getHistory = route({
  id: 'getHistory',
  method: 'get',
  path: MESSAGES,
  tag: 'Visitors',
  summary: "A conversation's messages, oldest first",
  auth: 'visitor',
  answers: { 200: { description: 'Messages', schema: History } },
  errors: [...TOKEN_ERRORS, ...UPSTREAM_ERRORS, 'conversation_not_found'],
});

export const postMessage = route({
  id: 'postMessage',
  method: 'post',
  path: MESSAGES,
  tag: 'Visitors',
  summary: "Send the visitor's message; the bot's answer streams back",
  description:
    'An event stream: `start` (`{"answerId"}`), `token` events (`{"token"}`) as the answer arrives, then exactly one `done` (`{messageId, text, finishReason}`) or `error` (`{code, message, retryable}`). Every event has an `id`: how many UTF-16 code units of the answer\'s text the reader holds after it. Lines starting with `:` are keep-alives. Failures before the stream starts are ordinary error answers. Once it started, the answer no longer depends on this connection: it runs to its end (or Stop), and `GET .../answers/{answerId}` reads it again.',
  auth: 'visitor',
  body: SendMessageRequest, // check: strict-message-schema
  answers: {
    200: {
      description: "The answer as Server-Sent Events; the schema is that of each event's `data`",
      contentType: 'text/event-stream',
      schema: StreamEventData,
    },
  },
  errors: [
    ...TOKEN_ERRORS,
    ...UPSTREAM_ERRORS,
    ...BODY_ERRORS,
    'conversation_not_found',
    'rate_limited',
    'quota_exceeded',
    'too_many_streams',
  ],
});

/** An event id: a text offset. */
const LAST_EVENT_ID = /^\d{1,9}$/;

export const readAnswer = route({
  id: 'readAnswer',
  method: 'get',
  path: ANSWER,
  tag: 'Visitors',
  summary: 'Read an answer again: after a reload, a navigation, a dropped connection, or in another tab',
  description:
    "The same event stream as the message's, from the answer log, while the answer runs and for a minute after it ends. Without `Last-Event-ID`: `start`, then one `token` with the text so far, then the rest as it arrives. With `Last-Event-ID: <n>` (the `id` of the last event read): the text after offset `n`, then the rest: nothing missed, nothing twice. An unknown or expired answer, or another visitor's, is `answer_not_found` alike.",
  auth: 'visitor',
  headers: z.object({
    'last-event-id': z
      .string()
      .regex(LAST_EVENT_ID)
      .optional()
      .meta({ description: 'The `id` of the last event read: the events after it follow. Absent: from the start.' }),
  }),
  answers: {
    200: {
      description: "The answer as Server-Sent Events; the schema is that of each event's `data`",
      contentType: 'text/event-stream',
      schema: StreamEventData,
    },
  },
  errors: [...TOKEN_ERRORS, ...BODY_ERRORS, 'conversation_not_found', 'answer_not_found', 'too_many_streams'],
});

export const stopAnswer = route({
  id: 'stopAnswer',
  method: 'delete',
  path: ANSWER,
  tag: 'Visitors',
  summary: 'Stop an answer: the upstream is aborted at once',
  description:
    "Its other readers (the visitor's other tabs) get the terminal `error` event `answer_stopped`. An answer that already ended: nothing to do.",
  auth: 'visitor',
  answers: { 204: { description: 'Stopped' } },
  errors: [...TOKEN_ERRORS, 'conversation_not_found', 'answer_not_found'],
});

/** Last-Event-ID: the text offset a reader holds (absent: from the start). */
function lastEventId(c: Context<AppEnv>): number | null {
  const value = c.req.header('last-event-id');
  if (value === undefined) return null;
  if (!LAST_EVENT_ID.test(value)) {
    throw new ServiceError('invalid_request', { issues: [{ path: 'Last-Event-ID', message: 'must be the id of an event' }] });
  }
  return Number(value);
}

/** Answer with the entry's events from `from`: into Node's response on a socket, else as a web stream. */
function streamAnswer(c: Context<AppEnv>, entry: AnswerEntry, from: number | null): Response | Promise<Response> {
  // HEAD runs this GET route too (Hono): the headers only. A reader attached for it would be held
  // until the answer ends (taking one of its reader places), and the already-sent marker, which
  // Hono rewraps for HEAD, would make @hono/node-server write the headers a second time.
  if (c.req.method === 'HEAD') return respond(c, null, 200, SSE_HEADERS);
  const outgoing = nodeResponse(c);
  if (!outgoing)
    return respond(
      c,
      streamOutput((out) => entry.attach(out, from)),
      200,
      SSE_HEADERS,
    );
  // Write the headers (with those the middleware set) and the events straight into Node's response;
  // the returned marker tells @hono/node-server it has been sent.
  outgoing.writeHead(200, { ...answerHeaders(c), ...SSE_HEADERS });
  outgoing.flushHeaders();
  entry.attach(new ResponseOutput(outgoing), from);
  return RESPONSE_ALREADY_SENT;
}

const visitorOf = (c: Context<AppEnv>): VisitorOnSite => ({ site: c.get('site'), visitorId: c.get('visitor').visitorId }); // check: runas-server-side

export const rateAnswer = route({
  id: 'rateAnswer',
  method: 'post',
  path: `${MESSAGES}/{messageId}/feedback`,
  tag: 'Visitors',
  summary: "Rate one of the bot's answers, thumbs up or down, with an optional comment after a down",
  description: "Only answers in the visitor's own conversations; a second rating replaces the first. Limited like messages.",
  auth: 'visitor',
  body: FeedbackRequest,
  answers: { 200: { description: 'The rating as stored', schema: Feedback } },
  errors: [...TOKEN_ERRORS, ...UPSTREAM_ERRORS, ...BODY_ERRORS, 'conversation_not_found', 'message_not_found', 'rate_limited'],
});

export function conversationRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  const { conversations, limits } = deps;

  mount(
    app,
    createConversation,
    async (c) => {
      setHeader(c, 'cache-control', 'no-store');
      return json(c, await conversations.create(visitorOf(c), clientGone(c)), 201);
    },
    limit([limits.conversationsPerVisitor, byVisitor]), // check: limit-conversations-per-visitor
  );

  mount(app, listConversations, async (c) => {
    setHeader(c, 'cache-control', 'no-store');
    return json(c, await conversations.list(visitorOf(c)));
  });

  mount(app, getHistory, async (c) => {
    setHeader(c, 'cache-control', 'no-store');
    return json(c, await conversations.history(visitorOf(c), c.req.param('conversationId'), clientGone(c)));
  });

  mount(
    app,
    postMessage,
    async (c, { body }) => {
      const site = c.get('site');
      const entry = await conversations.startAnswer(
        visitorOf(c),
        c.req.param('conversationId'),
        body.text,
        (controller) => abortIfClientGoes(c, controller),
        { reqId: c.get('requestId'), site: site.siteKey, tenant: site.tenantId },
      );
      return streamAnswer(c, entry, null);
    },
    limit([limits.messagesPerVisitor, byVisitor]), // check: limit-messages-per-visitor
  );

  mount(app, readAnswer, async (c) => {
    const from = lastEventId(c);
    const entry = await conversations.openAnswer(visitorOf(c), c.req.param('conversationId'), c.req.param('answerId'));
    return streamAnswer(c, entry, from);
  });

  mount(app, stopAnswer, async (c) => {
    await conversations.stopAnswer(visitorOf(c), c.req.param('conversationId'), c.req.param('answerId'));
    return respond(c, null, 204, { 'cache-control': 'no-store' });
  });

  mount(
    app,
    rateAnswer,
    async (c, { body }) =>
      json(c, await conversations.rate(visitorOf(c), c.req.param('conversationId'), c.req.param('messageId'), body), 200, {
        'cache-control': 'no-store',
      }),
    limit([limits.messagesPerVisitor, byVisitor]), // check: limit-feedback-per-visitor
  );
}
