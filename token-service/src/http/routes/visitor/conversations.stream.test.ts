/**
 * `POST conversations/{id}/messages` in memory: the answer's events read from the answer log as a
 * web stream of server-sent events (what the route answers without a Node socket), relayed by the
 * real pump from a fake upstream body of ChatBotKit JSON lines; and every refusal before the stream
 * starts. Reading the answer again and stopping it: conversations.answers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@tessera/protocol';
import { Lifecycle } from '../../../platform/lifecycle.js';
import { FakeBody, RESULT, token } from '../../../relay/pump.fakes.js';
import { conforms, read, requestInit, sseReader, testApp } from '../../testing/client.js';
import { callsTo, IDS, jsonlAnswer, ORIGIN, rejecting, runningAnswer, VISITOR } from '../../testing/fakes.js';

const MESSAGES = `/v1/sites/${IDS.siteKey}/conversations/${IDS.conversation}/messages`;
const SEND = { headers: VISITOR, json: { text: 'Do you repair e-bikes?' } };

/** The app answering messages with `answer` (started as the service would). */
const appWith = (answer: ReturnType<typeof runningAnswer>) =>
  testApp({ conversations: { startAnswer: async () => answer.entry } });

const refusing = (code: ErrorCode, retryAfter?: number) => ({
  conversations: { startAnswer: rejecting(code, retryAfter === undefined ? {} : { retryAfter }) },
});

describe('the answer stream', () => {
  it('starts with the answer id, then each token as it comes, ids counting the text, then exactly one done', async () => {
    const body = new FakeBody();
    const answer = runningAnswer(body);
    const res = await appWith(answer).app.request(MESSAGES, requestInit('POST', SEND));
    expect(res.status).toBe(200);
    const events = sseReader(res);
    expect(await events.next()).toEqual({ event: 'start', id: '0', data: { answerId: answer.entry.id } });
    body.send(token('We '));
    expect(await events.next()).toEqual({ event: 'token', id: '3', data: { token: 'We ' } });
    body.send(token('repair 🚲') + token(' them.'));
    expect(await events.next()).toEqual({ event: 'token', id: '12', data: { token: 'repair 🚲' } });
    expect(await events.next()).toEqual({ event: 'token', id: '18', data: { token: ' them.' } });
    body.send(RESULT);
    expect(await events.next()).toEqual({
      event: 'done',
      id: '18',
      data: { messageId: 'm1', text: 'We repair 🚲 them.', finishReason: 'unknown' },
    });
    expect(await events.next()).toBeNull();
    expect(answer.outcomes).toEqual(['done']);
  });

  it('relays a whole answer: the events conform, the tokens make up the text of the done event', async () => {
    const answer = runningAnswer(jsonlAnswer(['We ', 'repair ', 'them.']));
    const res = await appWith(answer).call('POST', MESSAGES, SEND);
    expect(res.events[0]).toEqual({ event: 'start', id: '0', data: { answerId: answer.entry.id } });
    const tokens = res.events.filter((e) => e.event === 'token').map((e) => (e.data as { token: string }).token);
    expect(tokens.join('')).toBe('We repair them.');
    expect(res.events.at(-1)).toEqual({
      event: 'done',
      id: '15',
      data: { messageId: 'msg_1', text: 'We repair them.', finishReason: 'stop' },
    });
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

  it('passes keep-alives on as comment lines, without an id', async () => {
    const body = new FakeBody();
    const res = await appWith(runningAnswer(body)).app.request(MESSAGES, requestInit('POST', SEND));
    body.send(`${JSON.stringify({ type: 'ping' })}\n`);
    body.send(token('a') + RESULT);
    const text = await res.text();
    expect(text).toContain('\n\n: ping\n\nid: 1\nevent: token\n');
  });

  it('ends an upstream failure with one error event, never the upstream text', async () => {
    const answer = runningAnswer(jsonlAnswer(['We '], 'error'));
    const res = await appWith(answer).call('POST', MESSAGES, SEND);
    expect(res.events.at(-1)).toEqual({
      event: 'error',
      id: '3',
      data: { code: 'upstream_error', message: 'The assistant could not answer.', retryable: true },
    });
    expect(res.text).not.toContain('secret upstream text');
    expect(answer.outcomes).toEqual(['upstream-error']);
  });

  it('ends a body that stops before the result with stream_interrupted', async () => {
    const res = await appWith(runningAnswer(jsonlAnswer(['We '], 'none'))).call('POST', MESSAGES, SEND);
    expect(res.events.map((e) => e.event)).toEqual(['start', 'token', 'error']);
    expect(res.events[2]?.data).toMatchObject({ code: 'stream_interrupted' });
  });

  it('a visitor who stops reading leaves the answer running to its end', async () => {
    const body = new FakeBody();
    const answer = runningAnswer(body);
    const res = await appWith(answer).app.request(MESSAGES, requestInit('POST', SEND));
    const events = sseReader(res);
    body.send(token('We '));
    await events.next();
    await events.next();
    await events.cancel();
    expect(answer.entry.readerCount).toBe(0);
    body.send(token('do.') + RESULT);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([answer.upstream.signal.aborted, body.cancels, answer.outcomes, answer.entry.text()]).toEqual([
      false,
      0,
      ['done'],
      'We do.',
    ]);
  });

  it('ends an open answer with shutting_down when the process stops', async () => {
    const lifecycle = new Lifecycle();
    const answer = runningAnswer(new FakeBody(), { onShutdown: lifecycle.onShutdown });
    const { app } = testApp({ lifecycle, conversations: { startAnswer: async () => answer.entry } });
    const res = await app.request(MESSAGES, requestInit('POST', SEND));
    lifecycle.stopStreams();
    const stream = await read(res);
    conforms('POST', MESSAGES, stream);
    expect(stream.events).toEqual([
      { event: 'start', id: '0', data: { answerId: answer.entry.id } },
      { event: 'error', id: '0', data: { code: 'shutting_down', message: expect.any(String), retryable: true } },
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
