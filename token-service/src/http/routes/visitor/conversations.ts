/**
 * A visitor's conversations (the rules live in conversations/conversation-service.ts). The answer
 * to a message is relayed as an event stream: straight into Node's response when the service runs
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
import type { VisitorOnSite } from '../../../conversations/conversation-service.js';
import { relayCompletion, relayToResponse } from '../../../relay/index.js';
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
    'An event stream: `token` events (`{"token"}`) as the answer arrives, then exactly one `done` (`{messageId, text, finishReason}`) or `error` (`{code, message, retryable}`). Lines starting with `:` are keep-alives. Failures before the stream starts are ordinary error answers.',
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
      const started = await conversations.startAnswer(
        visitorOf(c),
        c.req.param('conversationId'),
        body.text,
        (controller) => abortIfClientGoes(c, controller),
        { reqId: c.get('requestId'), site: site.siteKey, tenant: site.tenantId },
      );
      const outgoing = nodeResponse(c);
      if (!outgoing) return respond(c, relayCompletion(started.body, started.upstream, started.options), 200, SSE_HEADERS);
      // On a socket: write the headers (with those the middleware set) and relay straight into
      // Node's response; the returned marker tells @hono/node-server it has been sent.
      outgoing.writeHead(200, { ...answerHeaders(c), ...SSE_HEADERS });
      outgoing.flushHeaders();
      relayToResponse(started.body, started.upstream, outgoing, started.options);
      return RESPONSE_ALREADY_SENT;
    },
    limit([limits.messagesPerVisitor, byVisitor]), // check: limit-messages-per-visitor
  );

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
