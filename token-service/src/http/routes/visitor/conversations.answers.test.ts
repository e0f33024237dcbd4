/**
 * `GET` and `DELETE conversations/{id}/answers/{answerId}` in memory: reading an answer again from
 * the answer log (from the start, or after the Last-Event-ID the visitor holds), stopping it, every
 * refusal the routes document, and isolation through the real conversation service: another
 * visitor's conversation or answer is 404 with no upstream call and no log lookup.
 */
import type { ErrorCode } from '@tessera/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerLog } from '../../../answers/answer-log.js';
import { ConversationService, type ConversationServiceDeps } from '../../../conversations/conversation-service.js';
import type { ConversationRecord } from '../../../conversations/store.js';
import { createLogger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { FakeBody, RESULT, token } from '../../../relay/pump.fakes.js';
import { requestInit, sseReader, testApp } from '../../testing/client.js';
import { callsTo, id, IDS, jsonlAnswer, NOW, ORIGIN, rejecting, runningAnswer, samples, VISITOR } from '../../testing/fakes.js';

const CONVERSATION = `/v1/sites/${IDS.siteKey}/conversations/${IDS.conversation}`;
const answerPath = (answerId: string, conversation = CONVERSATION) => `${conversation}/answers/${answerId}`;
const SOME_ANSWER = answerPath(id('an', 'A'));
const start = (answerId: string) => ({ event: 'start', id: '0', data: { answerId } });
const tok = (n: number, t: string) => ({ event: 'token', id: String(n), data: { token: t } });
const done = (n: number, text: string, messageId = 'msg_1', finishReason = 'stop') => ({
  event: 'done',
  id: String(n),
  data: { messageId, text, finishReason },
});

/** The app reading answers from `answer`'s log, as openAnswer does for the visitor's own conversation. */
const appReading = (answer: ReturnType<typeof runningAnswer>) =>
  testApp({ conversations: { openAnswer: async (_v, conversationId, answerId) => answer.log.open(answerId, conversationId!) } });

/** An answer the upstream has finished: We repair them. */
async function finishedAnswer() {
  const answer = runningAnswer(jsonlAnswer(['We ', 'repair ', 'them.']));
  for (let i = 0; i < 20 && !answer.entry.ended; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  return answer;
}

describe('GET an answer', () => {
  it('of a finished answer: start, one token with all the text, done, at once', async () => {
    const answer = await finishedAnswer();
    const res = await appReading(answer).call('GET', answerPath(answer.entry.id), { headers: VISITOR });
    expect(res.status).toBe(200);
    expect(res.events).toEqual([start(answer.entry.id), tok(15, 'We repair them.'), done(15, 'We repair them.')]);
  });

  it('of a running answer: start, the text so far as one token, then each token as it comes, then done', async () => {
    const body = new FakeBody();
    const answer = runningAnswer(body);
    body.send(token('We ') + token('do'));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const res = await appReading(answer).app.request(answerPath(answer.entry.id), requestInit('GET', { headers: VISITOR }));
    const events = sseReader(res);
    expect([await events.next(), await events.next()]).toEqual([start(answer.entry.id), tok(5, 'We do')]);
    body.send(token('.'));
    expect(await events.next()).toEqual(tok(6, '.'));
    body.send(RESULT);
    expect(await events.next()).toEqual(done(6, 'We do.', 'm1', 'unknown'));
    expect(await events.next()).toBeNull();
  });

  it('with Last-Event-ID: the text after that offset, no start, then the end', async () => {
    const answer = await finishedAnswer();
    const { call } = appReading(answer);
    const after = (n: string) => call('GET', answerPath(answer.entry.id), { headers: { ...VISITOR, 'last-event-id': n } });
    expect((await after('3')).events).toEqual([tok(15, 'repair them.'), done(15, 'We repair them.')]);
    expect((await after('0')).events).toEqual([tok(15, 'We repair them.'), done(15, 'We repair them.')]);
    expect((await after('15')).events).toEqual([done(15, 'We repair them.')]);
  });

  it('is an uncached, unbuffered event stream the page may read, with the Last-Event-ID the service was asked for', async () => {
    const answer = await finishedAnswer();
    const { call, deps } = appReading(answer);
    const res = await call('GET', answerPath(answer.entry.id), { headers: { ...VISITOR, 'last-event-id': '10' } });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(callsTo(deps, 'conversations.openAnswer')[0]?.args).toEqual([
      { site: deps.site, visitorId: IDS.visitor },
      IDS.conversation,
      answer.entry.id,
    ]);
  });

  it('HEAD: the headers only, taking no reader place', async () => {
    const answer = runningAnswer(new FakeBody());
    const res = await appReading(answer).call('HEAD', answerPath(answer.entry.id), { headers: VISITOR });
    expect([res.status, res.text, res.headers.get('content-type')]).toEqual([200, '', 'text/event-stream; charset=utf-8']);
    expect(answer.entry.readerCount).toBe(0);
  });

  it.each(['abc', '-1', '1.5', '1e3', '0x10', '3,4', '1234567890'])(
    'refuses Last-Event-ID %j: 400 invalid_request, before the log is asked',
    async (value) => {
      const { call, deps } = testApp();
      const res = await call('GET', SOME_ANSWER, { headers: { ...VISITOR, 'last-event-id': value } });
      expect([res.status, res.body.error.code, res.body.error.issues?.[0]?.path]).toEqual([
        400,
        'invalid_request',
        'Last-Event-ID',
      ]);
      expect(callsTo(deps, 'conversations.openAnswer')).toEqual([]);
    },
  );

  it.each([
    ['conversation_not_found', 404],
    ['answer_not_found', 404],
    ['too_many_streams', 429],
  ] as const)("passes the service's %s through as %i, as JSON", async (code, status) => {
    const res = await testApp({ conversations: { openAnswer: rejecting(code, { retryAfter: 5 }) } }).call('GET', SOME_ANSWER, {
      headers: VISITOR,
    });
    expect([res.status, res.body.error.code, res.headers.get('content-type')]).toEqual([status, code, 'application/json']);
  });
});

describe('DELETE an answer', () => {
  it('answers 204 with nothing, never cached, having asked the service for the visitor, conversation and answer', async () => {
    const { call, deps } = testApp();
    const res = await call('DELETE', SOME_ANSWER, { headers: VISITOR });
    expect([res.status, res.text, res.headers.get('cache-control')]).toEqual([204, '', 'no-store']);
    expect(callsTo(deps, 'conversations.stopAnswer')[0]?.args).toEqual([
      { site: deps.site, visitorId: IDS.visitor },
      IDS.conversation,
      id('an', 'A'),
    ]);
  });

  it.each([
    ['conversation_not_found', 404],
    ['answer_not_found', 404],
  ] as const)("passes the service's %s through as %i", async (code, status) => {
    const res = await testApp({ conversations: { stopAnswer: rejecting(code) } }).call('DELETE', SOME_ANSWER, {
      headers: VISITOR,
    });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });
});

describe('refusals before the answer is looked at', () => {
  const routes = [
    ['GET', 'conversations.openAnswer'],
    ['DELETE', 'conversations.stopAnswer'],
  ] as const;
  const tokenRefusals: [ErrorCode, number][] = [
    ['token_missing', 401],
    ['token_invalid', 401],
    ['token_expired', 401],
    ['token_site_mismatch', 403],
    ['origin_not_allowed', 403],
  ];
  for (const [method, service] of routes) {
    it.each(tokenRefusals)(`${method}: answers the session's %s with %i`, async (code, status) => {
      const { call, deps } = testApp({ sessions: { authenticate: rejecting(code) } });
      const res = await call(method, SOME_ANSWER, { headers: VISITOR });
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      expect(callsTo(deps, service)).toEqual([]);
    });

    it(`${method}: answers an unknown site 404 site_not_found and a suspended one 403 site_suspended`, async () => {
      const unknown = testApp();
      const res = await unknown.call(method, SOME_ANSWER.replace(IDS.siteKey, IDS.unknownSiteKey), { headers: VISITOR });
      expect([res.status, res.body.error.code]).toEqual([404, 'site_not_found']);
      const suspended = testApp({ site: { status: 'suspended' } });
      const refused = await suspended.call(method, SOME_ANSWER, { headers: VISITOR });
      expect([refused.status, refused.body.error.code]).toEqual([403, 'site_suspended']);
      expect([...callsTo(unknown.deps, service), ...callsTo(suspended.deps, service)]).toEqual([]);
    });
  }
});

/** The answer log, counting what it is asked. */
class CountingLog extends AnswerLog {
  lookups = 0;
  override open(answerId: string | undefined, conversationId: string) {
    this.lookups++;
    return super.open(answerId, conversationId);
  }
  override stop(answerId: string | undefined, conversationId: string) {
    this.lookups++;
    return super.stop(answerId, conversationId);
  }
}

const ANOTHER_VISITOR = id('vi', 'W');
const THEIR_CONVERSATION = id('cv', 'D');

/** The real conversation service over in-memory records of two visitors, an upstream whose answers the test drives. */
function world() {
  const site = samples.resolvedSite();
  const record = (id: string, visitorId: string, upstreamId: string): ConversationRecord => ({
    id,
    siteId: site.id,
    tenantId: site.tenantId,
    visitorId,
    upstreamId,
    createdAt: NOW,
    lastMessageAt: null,
    preview: null,
  });
  const records = [record(IDS.conversation, IDS.visitor, 'up-mine'), record(THEIR_CONVERSATION, ANOTHER_VISITOR, 'up-theirs')];
  const completions: { upstreamId: string; body: FakeBody; signal: AbortSignal }[] = [];
  const log = new CountingLog({ retentionMs: 60_000, maxReaders: 8, shared: null });
  const deps: ConversationServiceDeps = {
    store: {
      getOwned: async (conversationId: string, owner: { siteId: string; visitorId: string }) =>
        records.find((r) => r.id === conversationId && r.siteId === owner.siteId && r.visitorId === owner.visitorId) ?? null,
      touch: async () => {},
    } as unknown as ConversationServiceDeps['store'],
    upstream: {
      complete: async (_runAs: string, upstreamId: string, _text: string, signal: AbortSignal) => {
        const body = new FakeBody();
        completions.push({ upstreamId, body, signal });
        return { status: 200, body };
      },
    } as unknown as ConversationServiceDeps['upstream'],
    usage: { count: () => {}, takeMessage: async () => {}, rated: () => {} },
    streams: { acquire: async () => () => {}, open: 0 },
    answers: log,
    clock: { now: () => NOW },
    timeouts: { idleMs: 5000, totalMs: 10_000 },
    lifecycle: { onShutdown: () => () => {} },
    breaker: { failure: () => {} },
    metrics: createMetrics({ defaultMetrics: false }),
    logger: createLogger('silent'),
  };
  const service = new ConversationService(deps);
  const app = testApp({
    conversations: {
      startAnswer: service.startAnswer.bind(service),
      openAnswer: service.openAnswer.bind(service),
      stopAnswer: service.stopAnswer.bind(service),
    },
  });
  /** The other visitor's answer, running. */
  const theirAnswer = () => service.startAnswer({ site, visitorId: ANOTHER_VISITOR }, THEIR_CONVERSATION, 'Hi', () => () => {});
  return { ...app, service, log, completions, theirAnswer };
}

let w: ReturnType<typeof world>;
afterEach(async () => {
  await w?.service.close();
});

describe('through the conversation service', () => {
  it("reads the visitor's own answer again after the id it holds, and stops it: the other reader gets answer_stopped", async () => {
    w = world();
    const posted = await w.app.request(
      `${CONVERSATION}/messages`,
      requestInit('POST', { headers: VISITOR, json: { text: 'Hi' } }),
    );
    const first = sseReader(posted);
    const started = await first.next();
    expect(started?.event).toBe('start');
    const { answerId } = started!.data as { answerId: string };
    const [upstream] = w.completions;
    upstream!.body.send(token('We ') + token('do'));
    expect(await first.next()).toEqual(tok(3, 'We '));
    const again = sseReader(
      await w.app.request(answerPath(answerId), requestInit('GET', { headers: { ...VISITOR, 'last-event-id': '3' } })),
    );
    expect(await again.next()).toEqual(tok(5, 'do'));
    const stopped = await w.call('DELETE', answerPath(answerId), { headers: VISITOR });
    expect(stopped.status).toBe(204);
    const stop = {
      event: 'error',
      id: '5',
      data: { code: 'answer_stopped', message: 'The answer was stopped.', retryable: false },
    };
    expect([await first.next(), await first.next(), await again.next()]).toEqual([tok(5, 'do'), stop, stop]);
    expect([upstream!.signal.aborted, upstream!.body.cancels]).toEqual([true, 1]);
  });

  // Security rule 10 over HTTP: each of these refusals fails if the ownership check behind it is removed.
  it("another visitor's conversation or answer is 404, with no upstream call and no log lookup; their answer runs on", async () => {
    w = world();
    const theirs = await w.theirAnswer();
    const inTheirs = answerPath(theirs.id, `/v1/sites/${IDS.siteKey}/conversations/${THEIR_CONVERSATION}`);
    const asked = [
      await w.call('POST', inTheirs.replace(/answers\/.*/, 'messages'), { headers: VISITOR, json: { text: 'Hi' } }),
      await w.call('GET', inTheirs, { headers: VISITOR }),
      await w.call('DELETE', inTheirs, { headers: VISITOR }),
    ];
    expect(asked.map((r) => [r.status, r.body.error.code])).toEqual(Array(3).fill([404, 'conversation_not_found']));
    expect([w.completions.length, w.log.lookups]).toEqual([1, 0]);
    // Their answer id under the visitor's own conversation: the log says not found, as for an unknown id.
    const mine = [
      await w.call('GET', answerPath(theirs.id), { headers: VISITOR }),
      await w.call('DELETE', answerPath(theirs.id), { headers: VISITOR }),
    ];
    expect(mine.map((r) => [r.status, r.body.error.code])).toEqual(Array(2).fill([404, 'answer_not_found']));
    expect([theirs.readerCount, theirs.ended, w.completions[0]!.signal.aborted]).toEqual([0, null, false]);
  });
});
