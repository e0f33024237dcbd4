/** A visitor's conversations in memory: create, list, history (the answer stream: conversations.stream.test.ts). */
import { describe, expect, it } from 'vitest';
import { testApp } from '../../testing/client.js';
import { callsTo, IDS, ORIGIN, rejecting, VISITOR } from '../../testing/fakes.js';

const CONVERSATIONS = `/v1/sites/${IDS.siteKey}/conversations`;
const HISTORY = `${CONVERSATIONS}/${IDS.conversation}/messages`;

describe('POST conversations', () => {
  it('answers 201 with the new conversation, never cached', async () => {
    const res = await testApp().call('POST', CONVERSATIONS, { headers: VISITOR, json: {} });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ conversationId: IDS.conversation, createdAt: expect.any(Number) });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it("creates it for the token's visitor on this site", async () => {
    const { call, deps } = testApp();
    await call('POST', CONVERSATIONS, { headers: VISITOR });
    expect(callsTo(deps, 'conversations.create')[0]?.args[0]).toEqual({ site: deps.site, visitorId: IDS.visitor });
  });

  // Check: strict-conversation-schema (CreateConversationRequest, the createConversation body, is a strictObject).
  it('refuses body fields: 400 invalid_request', async () => {
    const res = await testApp().call('POST', CONVERSATIONS, { headers: VISITOR, json: { botId: 'another' } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
  });

  it('refuses a body that is not JSON by type: 415', async () => {
    const res = await testApp().call('POST', CONVERSATIONS, {
      headers: { ...VISITOR, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  // Was a bug: the route answers 413 but its spec (and so the OpenAPI document) did not say so.
  it('documents 413 payload_too_large, which it answers to an oversized body', async () => {
    const res = await testApp().call('POST', CONVERSATIONS, {
      headers: { ...VISITOR, 'content-type': 'application/json', 'content-length': '40000' },
      body: '{}',
    });
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  // Check: limit-conversations-per-visitor (http/routes/visitor/conversations.ts: conversationsPerVisitor on POST conversations).
  it('limits new conversations per visitor: 429 rate_limited with Retry-After', async () => {
    const { call, deps } = testApp({ limits: { conversationsPerVisitorPerHour: 1 } });
    expect((await call('POST', CONVERSATIONS, { headers: VISITOR })).status).toBe(201);
    const res = await call('POST', CONVERSATIONS, { headers: VISITOR });
    expect([res.status, res.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(callsTo(deps, 'conversations.create')).toHaveLength(1);
  });

  it('shows the RateLimit headers of the tightest limit on success', async () => {
    const res = await testApp({ limits: { conversationsPerVisitorPerHour: 4 } }).call('POST', CONVERSATIONS, {
      headers: VISITOR,
    });
    expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]).toEqual(['4', '3']);
  });

  it.each([
    ['upstream_error', 502],
    ['upstream_timeout', 504],
    ['upstream_unavailable', 503],
    ['upstream_rate_limited', 429],
  ] as const)('passes %s from the upstream through as %i', async (code, status) => {
    const res = await testApp({ conversations: { create: rejecting(code, { retryAfter: 10 }) } }).call('POST', CONVERSATIONS, {
      headers: VISITOR,
    });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });
});

describe('GET conversations', () => {
  it("answers the visitor's own conversations, never cached", async () => {
    const { call, deps } = testApp();
    const res = await call('GET', CONVERSATIONS, { headers: VISITOR });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ conversationId: IDS.conversation })]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(callsTo(deps, 'conversations.list')[0]?.args).toEqual([{ site: deps.site, visitorId: IDS.visitor }]);
  });

  it('needs a session token: 401 token_missing', async () => {
    const res = await testApp().call('GET', CONVERSATIONS, { headers: { origin: ORIGIN } });
    expect([res.status, res.body.error.code]).toEqual([401, 'token_missing']);
  });
});

describe('GET conversations/{id}/messages', () => {
  it('answers the history, oldest first, never cached', async () => {
    const res = await testApp().call('GET', HISTORY, { headers: VISITOR });
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { role: string }) => m.role)).toEqual(['user', 'bot']);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('hands the service the id from the path as it came', async () => {
    const { call, deps } = testApp();
    await call('GET', `${CONVERSATIONS}/cv_..%2F..%2Fpartner/messages`, { headers: VISITOR });
    expect(callsTo(deps, 'conversations.history')[0]?.args[1]).toBe('cv_../../partner');
  });

  it("passes another visitor's or an unknown conversation through as 404 conversation_not_found", async () => {
    const res = await testApp({ conversations: { history: rejecting('conversation_not_found') } }).call('GET', HISTORY, {
      headers: VISITOR,
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'conversation_not_found']);
  });

  it('passes an upstream timeout through as 504 upstream_timeout', async () => {
    const res = await testApp({ conversations: { history: rejecting('upstream_timeout') } }).call('GET', HISTORY, {
      headers: VISITOR,
    });
    expect([res.status, res.body.error.code]).toEqual([504, 'upstream_timeout']);
  });

  it('refuses a method it does not serve: 405 with Allow', async () => {
    const res = await testApp().call('DELETE', HISTORY, { headers: VISITOR });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
  });
});

describe('POST …/messages/{messageId}/feedback', () => {
  const FEEDBACK = `${HISTORY}/msg_1/feedback`;

  it("rates an answer for the token's visitor, and answers the rating as stored, never cached", async () => {
    const { call, deps } = testApp();
    const res = await call('POST', FEEDBACK, { headers: VISITOR, json: { rating: 'down', comment: 'Wrong hours' } });
    expect([res.status, res.body, res.headers.get('cache-control')]).toEqual([
      200,
      { rating: 'down', comment: 'Wrong hours', updatedAt: expect.any(Number) },
      'no-store',
    ]);
    expect(callsTo(deps, 'conversations.rate')[0]?.args.slice(1)).toEqual([
      IDS.conversation,
      'msg_1',
      { rating: 'down', comment: 'Wrong hours' },
    ]);
  });

  // Check: limit-feedback-per-visitor (http/routes/visitor/conversations.ts, the feedback route's limit).
  it('is limited like messages: past the per-visitor limit, 429 and no service call', async () => {
    const { call, deps } = testApp({ limits: { messagesPerVisitorPerMinute: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call('POST', FEEDBACK, { headers: VISITOR, json: { rating: 'up' } })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(callsTo(deps, 'conversations.rate')).toHaveLength(2);
  });

  it('refuses a rating that is not up or down: 400 naming the field', async () => {
    const res = await testApp().call('POST', FEEDBACK, { headers: VISITOR, json: { rating: 'meh' } });
    expect([res.status, res.body.error.issues[0].path]).toEqual([400, 'rating']);
  });

  it("passes the service's refusal on: another visitor's conversation is 404", async () => {
    const res = await testApp({ conversations: { rate: rejecting('conversation_not_found') } }).call('POST', FEEDBACK, {
      headers: VISITOR,
      json: { rating: 'up' },
    });
    expect([res.status, res.body.error.code]).toEqual([404, 'conversation_not_found']);
  });
});
