/**
 * `POST conversations/{id}/messages` in memory: the answer relayed as a web stream of server-sent
 * events (what the route answers without a Node socket), from a fake upstream body of ChatBotKit
 * JSON lines; and every refusal before the stream starts.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@tessera/protocol';
import type { Answer as StartedAnswer } from '../../../conversations/conversation-service.js';
import { Lifecycle } from '../../../platform/lifecycle.js';
import type { RelayOutcome } from '../../../relay/index.js';
import { conforms, read, requestInit, testApp } from '../../testing/client.js';
import { callsTo, IDS, jsonlAnswer, ORIGIN, rejecting, upstreamBody, VISITOR } from '../../testing/fakes.js';

const MESSAGES = `/v1/sites/${IDS.siteKey}/conversations/${IDS.conversation}/messages`;
const SEND = { headers: VISITOR, json: { text: 'Do you repair e-bikes?' } };

/** A fake answer over `lines`, and what happened to it. */
function answerOf(lines: string[], opts: { hold?: boolean; onShutdown?: (stop: () => void) => () => void } = {}) {
  const { body, state } = upstreamBody(lines, opts);
  const upstream = new AbortController();
  const outcomes: RelayOutcome[] = [];
  const answer: StartedAnswer = {
    body,
    upstream,
    options: {
      idleTimeoutMs: 5000,
      totalTimeoutMs: 10_000,
      onEnd: (o) => outcomes.push(o),
      ...(opts.onShutdown ? { onShutdown: opts.onShutdown } : {}),
    },
  };
  return { answer, upstream, state, outcomes };
}

const refusing = (code: ErrorCode, retryAfter?: number) => ({
  conversations: { startAnswer: rejecting(code, retryAfter === undefined ? {} : { retryAfter }) },
});

describe('the answer stream', () => {
  it('relays token events, then exactly one done', async () => {
    const { answer, outcomes } = answerOf(jsonlAnswer(['We ', 'repair ', 'them.']));
    const res = await testApp({ conversations: { startAnswer: async () => answer } }).call('POST', MESSAGES, SEND);
    expect(res.status).toBe(200);
    expect(res.events).toEqual([
      { event: 'token', data: { token: 'We ' } },
      { event: 'token', data: { token: 'repair ' } },
      { event: 'token', data: { token: 'them.' } },
      { event: 'done', data: { messageId: 'msg_1', text: 'We repair them.', finishReason: 'stop' } },
    ]);
    expect(outcomes).toEqual(['done']);
  });

  it('is an uncached, unbuffered event stream with the CORS and RateLimit headers', async () => {
    const res = await testApp().call('POST', MESSAGES, SEND);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('ratelimit-limit')).toBe('20');
  });

  it('asks the service for the visitor, the conversation in the path and the text, with the log fields', async () => {
    const { call, deps } = testApp();
    const res = await call('POST', MESSAGES, SEND);
    const [v, conversationId, text, watch, log] = callsTo(deps, 'conversations.startAnswer')[0]!.args;
    expect([v, conversationId, text]).toEqual([
      { site: deps.site, visitorId: IDS.visitor },
      IDS.conversation,
      'Do you repair e-bikes?',
    ]);
    expect(typeof watch).toBe('function');
    expect(log).toEqual({ reqId: res.headers.get('x-request-id'), site: IDS.siteKey, tenant: IDS.tenant });
  });

  it('passes keep-alives on as comment lines', async () => {
    const ping = `${JSON.stringify({ type: 'ping' })}\n`;
    const { answer } = answerOf([ping, ...jsonlAnswer(['a'])]);
    const res = await testApp({ conversations: { startAnswer: async () => answer } }).call('POST', MESSAGES, SEND);
    expect(res.comments).toEqual([': ping']);
  });

  it('ends an upstream failure with one error event, never the upstream text', async () => {
    const { answer, outcomes } = answerOf(jsonlAnswer(['We '], 'error'));
    const res = await testApp({ conversations: { startAnswer: async () => answer } }).call('POST', MESSAGES, SEND);
    expect(res.events.at(-1)).toEqual({
      event: 'error',
      data: { code: 'upstream_error', message: 'The assistant could not answer.', retryable: true },
    });
    expect(res.text).not.toContain('secret upstream text');
    expect(outcomes).toEqual(['upstream-error']);
  });

  it('ends a body that stops before the result with stream_interrupted', async () => {
    const { answer } = answerOf(jsonlAnswer(['We '], 'none'));
    const res = await testApp({ conversations: { startAnswer: async () => answer } }).call('POST', MESSAGES, SEND);
    expect(res.events.map((e) => e.event)).toEqual(['token', 'error']);
    expect(res.events[1]?.data).toMatchObject({ code: 'stream_interrupted' });
  });

  it('aborts the upstream when the visitor stops reading', async () => {
    const { answer, upstream, state, outcomes } = answerOf(jsonlAnswer(['We '], 'none'), { hold: true });
    const { app } = testApp({ conversations: { startAnswer: async () => answer } });
    const res = await app.request(MESSAGES, requestInit('POST', SEND));
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: token');
    await reader.cancel();
    expect([upstream.signal.aborted, state.cancelled, outcomes]).toEqual([true, true, ['client-closed']]);
  });

  it('ends an open answer with shutting_down when the process stops', async () => {
    const lifecycle = new Lifecycle();
    const { app } = testApp({
      lifecycle,
      conversations: { startAnswer: async () => answerOf([], { hold: true, onShutdown: lifecycle.onShutdown }).answer },
    });
    const res = await app.request(MESSAGES, requestInit('POST', SEND));
    lifecycle.stopStreams();
    const answer = await read(res);
    conforms('POST', MESSAGES, answer);
    expect(answer.events).toEqual([
      { event: 'error', data: { code: 'shutting_down', message: expect.any(String), retryable: true } },
    ]);
  });
});

describe('refusals before the stream starts', () => {
  it.each([
    ['conversation_not_found', 404],
    ['too_many_streams', 429],
    ['upstream_unavailable', 503],
    ['upstream_timeout', 504],
    ['upstream_error', 502],
    ['upstream_rate_limited', 429],
  ] as const)('passes %s through as %i, as JSON', async (code, status) => {
    const res = await testApp(refusing(code)).call('POST', MESSAGES, SEND);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('passes a used-up daily quota through as 429 quota_exceeded with Retry-After', async () => {
    const res = await testApp(refusing('quota_exceeded', 3600)).call('POST', MESSAGES, SEND);
    expect([res.status, res.body.error.code, res.headers.get('retry-after')]).toEqual([429, 'quota_exceeded', '3600']);
    expect(res.body.error.retryAfter).toBe(3600);
  });

  // Check: limit-messages-per-visitor (http/routes/visitor/conversations.ts: messagesPerVisitor on POST messages).
  it('limits messages per visitor, before the service is asked', async () => {
    const { call, deps } = testApp({ limits: { messagesPerVisitorPerMinute: 1 } });
    expect((await call('POST', MESSAGES, SEND)).status).toBe(200);
    const res = await call('POST', MESSAGES, SEND);
    expect([res.status, res.body.error.code]).toEqual([429, 'rate_limited']);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(callsTo(deps, 'conversations.startAnswer')).toHaveLength(1);
  });

  it('refuses a missing text: 400 invalid_request', async () => {
    const res = await testApp().call('POST', MESSAGES, { headers: VISITOR, json: {} });
    expect([res.status, res.body.error.code, res.body.error.issues[0].path]).toEqual([400, 'invalid_request', 'text']);
  });

  it('refuses a text over 4,000 characters: 400 invalid_request', async () => {
    const res = await testApp().call('POST', MESSAGES, { headers: VISITOR, json: { text: 'a'.repeat(4001) } });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request']);
  });

  // Check: strict-message-schema (SendMessageRequest, the postMessage body, is a strictObject).
  it('refuses extra fields such as a bot id: 400 invalid_request', async () => {
    const res = await testApp().call('POST', MESSAGES, { headers: VISITOR, json: { text: 'hi', botId: 'other' } });
    expect(res.body.error.issues).toEqual([{ path: '(body)', message: 'unknown field(s): botId' }]);
  });

  it('refuses an empty body: 400 invalid_json', async () => {
    const res = await testApp().call('POST', MESSAGES, { headers: { ...VISITOR, 'content-type': 'application/json' }, body: '' });
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_json']);
  });

  it('refuses a form post: 415 unsupported_media_type', async () => {
    const res = await testApp().call('POST', MESSAGES, {
      headers: { ...VISITOR, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=hi',
    });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('refuses a body over the limit: 413 payload_too_large', async () => {
    const res = await testApp().call('POST', MESSAGES, { headers: VISITOR, json: { text: 'é'.repeat(17_000) } });
    expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
  });
});
