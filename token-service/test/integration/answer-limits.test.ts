/**
 * The limits of resumable answers over real sockets (issue 16): an answer nobody listens to still
 * holds its stream slot (per visitor and per process) until it ends, so reloading and asking again
 * starts no more answers; readers of one answer are capped; an answer is kept only for the
 * retention after its end. One stack with small limits.
 */
import type { Wire } from '@tessera/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnswerStream, beginAnswer, waitFor } from '../support/answer-stream.js';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
let stack: Stack;
let site: Wire.Site;

beforeAll(async () => {
  stack = await Stack.start({
    env: {
      MAX_STREAMS_PER_VISITOR: '2',
      MAX_STREAMS_PER_PROCESS: '3',
      MAX_READERS_PER_ANSWER: '2',
      ANSWER_RETENTION_MS: '1000',
    },
  });
  ({ site } = await stack.seedCustomer({ origins: [ORIGIN] }));
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

/** Answers a test started: each test ends by stopping those still running, so the next has its slots. */
const started: { v: Visitor; id: string; answerId: string }[] = [];
afterEach(async () => {
  for (const { v, id, answerId } of started.splice(0)) {
    await stack.fetch(answerPath(id, answerId), { method: 'DELETE', headers: v.headers() });
  }
});

type Visitor = Awaited<ReturnType<Stack['visitor']>>;

async function conversation() {
  const v = await stack.visitor(site.siteKey, ORIGIN);
  const { json } = await v.createConversation();
  return { v, id: json.conversationId as string };
}

const answerPath = (conversationId: string, answerId: string) =>
  `/v1/sites/${site.siteKey}/conversations/${conversationId}/answers/${answerId}`;

/** Ask for an answer of `tokens` tokens arriving `delayMs` apart; resolves once its `start` is read. */
async function begin(v: Visitor, conversationId: string, tokens: number, delayMs: number) {
  const begun = await beginAnswer(
    stack,
    v,
    `/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`,
    tokens,
    delayMs,
  );
  started.push({ v, id: conversationId, answerId: begun.answerId });
  return begun;
}

/** Start an answer and drop the connection at once, as a reload does: it runs on, detached. */
async function detached(v: Visitor, conversationId: string, tokens = 200) {
  const { stream, answerId } = await begin(v, conversationId, tokens, 50);
  stream.drop();
  return answerId;
}

const stop = async (v: Visitor, conversationId: string, answerId: string) =>
  expect((await stack.fetch(answerPath(conversationId, answerId), { method: 'DELETE', headers: v.headers() })).status).toBe(204);

describe('stream slots', () => {
  it('answers nobody listens to still hold the visitor’s slots: another is too_many_streams until one ends', async () => {
    const { v, id } = await conversation();
    const short = await detached(v, id, 10);
    const long = await detached(v, id);
    const calls = stack.emulator.requests.length;
    const refused = await v.ask(id, 'tokens:5');
    expect([refused.status, refused.json.error.code]).toEqual([429, 'too_many_streams']);
    // Refused before any upstream call.
    expect(stack.emulator.requests.length).toBe(calls);

    // The short one ends on its own (read again to its end): its slot is free again.
    const ended = await (await AnswerStream.open(stack, answerPath(id, short), { headers: v.headers() })).rest();
    expect(ended.at(-1)!.event).toBe('done');
    expect((await v.ask(id, 'tokens:5')).status).toBe(200);
    await stop(v, id, long);
  });

  it('and the process’s: with three detached answers in the process, nobody starts a fourth until one ends', async () => {
    const first = await conversation();
    const second = await conversation();
    const third = await conversation();
    const a = await detached(first.v, first.id);
    await detached(first.v, first.id);
    await detached(second.v, second.id);
    for (const { v, id } of [second, third]) {
      const refused = await v.ask(id, 'tokens:5');
      expect([refused.status, refused.json.error.code]).toEqual([429, 'too_many_streams']);
    }
    await stop(first.v, first.id, a);
    expect((await third.v.ask(third.id, 'tokens:5')).status).toBe(200);
  });
});

describe('readers of one answer', () => {
  // Check: answer-readers-cap (answers/answer-log.ts open(): at most MAX_READERS_PER_ANSWER readers of one answer).
  it('more than MAX_READERS_PER_ANSWER is too_many_streams; a reader who leaves frees its place', async () => {
    const { v, id } = await conversation();
    const { stream, answerId } = await begin(v, id, 200, 50);
    const tab = await AnswerStream.open(stack, answerPath(id, answerId), { headers: v.headers() });
    const refused = await stack.fetch(answerPath(id, answerId), { headers: v.headers() });
    expect([refused.status, refused.json.error.code]).toEqual([429, 'too_many_streams']);

    tab.drop();
    let another: AnswerStream | null = null;
    await waitFor(async () => {
      another = await AnswerStream.open(stack, answerPath(id, answerId), { headers: v.headers() }).catch(() => null);
      return another !== null;
    });
    await stop(v, id, answerId);
    for (const reader of [stream, another!]) expect((await reader.rest()).at(-1)!.data.code).toBe('answer_stopped');
  });
});

describe('retention', () => {
  it('an answer that ended longer ago than ANSWER_RETENTION_MS is answer_not_found', async () => {
    const { v, id } = await conversation();
    const { stream, answerId } = await begin(v, id, 5, 0);
    await stream.rest();
    expect((await stack.fetch(answerPath(id, answerId), { headers: v.headers() })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    for (const method of ['GET', 'DELETE']) {
      const res = await stack.fetch(answerPath(id, answerId), { method, headers: v.headers() });
      expect([res.status, res.json.error.code], method).toEqual([404, 'answer_not_found']);
    }
  });
});
