/**
 * Resumable answers over real sockets (issue 16): an answer runs to its end whoever listens, and
 * the visitor reads it again (after a reload, a navigation, in a second tab) from any event's id,
 * with nothing missed and nothing twice; only their own answers; Stop still aborts the upstream at
 * once. The limits that hold with detached answers: answer-limits.test.ts; a shutdown while they
 * run: shutdown.test.ts.
 */
import { answerFor } from '@tessera/cbk-emulator';
import { ERROR_CODES, type Wire } from '@tessera/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerEvent, AnswerStream, beginAnswer, parseEvents, textOf, waitFor } from '../support/answer-stream.js';
import { Stack } from '../support/stack.js';

const ORIGIN = 'https://shop.example';
const ANSWER_ID = /^an_[0-9A-Za-z]{22}$/;
let stack: Stack;
let customer: Wire.Onboarding;

beforeAll(async () => {
  stack = await Stack.start();
  customer = await stack.seedCustomer({ origins: [ORIGIN] });
});
afterAll(async () => {
  expect(stack.findLeaks()).toEqual([]);
  await stack.close();
});

type Visitor = Awaited<ReturnType<Stack['visitor']>>;

async function conversation(site = customer.site) {
  const v = await stack.visitor(site.siteKey, ORIGIN);
  const { json } = await v.createConversation();
  return { v, id: json.conversationId as string };
}

/** What the emulator's bot answers to `tokens:N`: the text the visitor must end up with. */
const upstreamText = (tokens: number) => answerFor({ text: `tokens:${tokens}`, backstory: null, botName: null });

const answerPath = (conversationId: string, answerId: string, site = customer.site) =>
  `/v1/sites/${site.siteKey}/conversations/${conversationId}/answers/${answerId}`;

/** Ask for an answer of `tokens` tokens arriving `delayMs` apart; resolves once its `start` is read. */
async function begin(v: Visitor, conversationId: string, tokens: number, delayMs: number, site = customer.site) {
  const begun = await beginAnswer(
    stack,
    v,
    `/v1/sites/${site.siteKey}/conversations/${conversationId}/messages`,
    tokens,
    delayMs,
  );
  expect(begun.answerId).toMatch(ANSWER_ID);
  return begun;
}

const reattach = (v: Visitor, conversationId: string, answerId: string, lastEventId?: number) =>
  AnswerStream.open(stack, answerPath(conversationId, answerId), {
    headers: v.headers(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }),
  });

/** Token events, counted as they arrive: `tokens(n)` accepts the n-th. */
const tokens = (n: number) => {
  let seen = 0;
  return (e: AnswerEvent) => e.event === 'token' && ++seen === n;
};

/** Every event's id is the length of the text read up to it, counting from `from`. */
function expectOffsets(events: AnswerEvent[], from: number): void {
  let offset = from;
  for (const e of events) {
    if (e.event === 'token') offset += (e.data.token as string).length;
    expect(e.id, JSON.stringify(e)).toBe(offset);
  }
}

const done = (text: string): AnswerEvent => ({
  id: text.length,
  event: 'done',
  data: { messageId: expect.any(String), text, finishReason: 'stop' },
});

describe('reading an answer again', () => {
  it('after a dropped connection, from the last id: exactly the upstream text, nothing missed, nothing twice', async () => {
    const { v, id } = await conversation();
    const expected = upstreamText(60);
    const { stream, answerId } = await begin(v, id, 60, 20);
    // Past the 11th token, an emoji: ids count UTF-16 code units, as the widget's strings do.
    const head = await stream.until(tokens(15));
    expectOffsets(head, 0);
    stream.drop();
    const last = head.at(-1)!.id!;
    // The answer goes on without anybody listening.
    await waitFor(() => stack.emulator.completions.at(-1)!.tokensSent >= 30);

    const resumed = await reattach(v, id, answerId, last);
    expect(resumed.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(resumed.res.headers.get('cache-control')).toBe('no-store');
    const rest = await resumed.rest();
    // No `start` again; first, in one event, all that came while nobody listened.
    expect(rest[0]!.event).toBe('token');
    expect((rest[0]!.data.token as string).length).toBeGreaterThan(20);
    expectOffsets(rest, last);
    expect(textOf(head) + textOf(rest)).toBe(expected);
    expect(rest.filter((e) => e.event !== 'token')).toEqual([done(expected)]);
  });

  it('without Last-Event-ID (a second tab): start, the text so far in one event, then the rest as it comes', async () => {
    const { v, id } = await conversation();
    const expected = upstreamText(40);
    const { stream, answerId } = await begin(v, id, 40, 20);
    const head = await stream.until(tokens(10));

    const tab = await reattach(v, id, answerId);
    const seen = await tab.rest();
    expect(seen[0]).toEqual({ id: 0, event: 'start', data: { answerId } });
    expect(seen[1]!.event).toBe('token');
    const sofar = textOf(head);
    expect((seen[1]!.data.token as string).slice(0, sofar.length)).toBe(sofar);
    // Live tokens followed (the answer was still running when the tab came).
    expect(seen.filter((e) => e.event === 'token').length).toBeGreaterThan(3);
    expectOffsets(seen, 0);
    expect(textOf(seen)).toBe(expected);
    expect(seen.at(-1)).toEqual(done(expected));

    // The first reader was not disturbed by the second.
    const first = [...head, ...(await stream.rest())];
    expect(textOf(first)).toBe(expected);
    expect(first.at(-1)).toEqual(seen.at(-1));
  });

  it('a finished answer within the retention: start, all its text and done, at once', async () => {
    const { v, id } = await conversation();
    const expected = upstreamText(30);
    const { stream, answerId } = await begin(v, id, 30, 0);
    const read = await stream.rest();
    const cut = read.filter((e) => e.event === 'token')[4]!.id!;

    const again = await stack.fetch(answerPath(id, answerId), { headers: v.headers() });
    expect(again.status).toBe(200);
    expect(parseEvents(again.text)).toEqual([
      { id: 0, event: 'start', data: { answerId } },
      { id: expected.length, event: 'token', data: { token: expected } },
      read.at(-1),
    ]);
    const after = await stack.fetch(answerPath(id, answerId), { headers: v.headers({ 'last-event-id': String(cut) }) });
    expect(parseEvents(after.text)).toEqual([
      { id: expected.length, event: 'token', data: { token: expected.slice(cut) } },
      read.at(-1),
    ]);
    const atEnd = await stack.fetch(answerPath(id, answerId), {
      headers: v.headers({ 'last-event-id': String(expected.length) }),
    });
    expect(parseEvents(atEnd.text)).toEqual([read.at(-1)]);
  });

  it('HEAD answers the headers and holds no reader on the answer', async () => {
    const { v, id } = await conversation();
    const { stream, answerId } = await begin(v, id, 40, 20);
    // More than the 8 readers one answer may have: none of them stays.
    for (let i = 0; i < 9; i++) {
      const head = await fetch(`${stack.url}${answerPath(id, answerId)}`, { method: 'HEAD', headers: v.headers() });
      expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    }
    const tab = await reattach(v, id, answerId);
    expect(textOf(await tab.rest())).toBe(upstreamText(40));
    await stream.rest();
  });

  it('an unknown or malformed answer id is answer_not_found; a bad Last-Event-ID is invalid_request', async () => {
    const { v, id } = await conversation();
    for (const answerId of [`an_${'A'.repeat(22)}`, 'an_short', `an_${'A'.repeat(23)}`, `cv_${'A'.repeat(22)}`, 'an_%00']) {
      for (const method of ['GET', 'DELETE']) {
        const res = await stack.fetch(answerPath(id, answerId), { method, headers: v.headers() });
        expect([res.status, res.json.error.code], `${method} ${answerId}`).toEqual([404, 'answer_not_found']);
      }
    }
    const { stream, answerId } = await begin(v, id, 5, 0);
    await stream.rest();
    for (const bad of ['abc', '-1', '1.5', '1e3', '0x10', '1234567890']) {
      const res = await stack.fetch(answerPath(id, answerId), { headers: v.headers({ 'last-event-id': bad }) });
      expect([res.status, res.json.error.code], bad).toEqual([400, 'invalid_request']);
    }
  });
});

describe("only the visitor's own answers", () => {
  // Check: answer-owner, answer-stop-owner (answers/answer-log.ts open() and stop(): the answer must answer the visitor's conversation).
  it("another visitor's answer id is 404 like an unknown one: nothing revealed, no upstream call, the answer untouched", async () => {
    const owner = await conversation();
    const expected = upstreamText(40);
    const { stream, answerId } = await begin(owner.v, owner.id, 40, 20);
    const stranger = await conversation();
    const unknown = `an_${'Z'.repeat(22)}`;
    const calls = stack.emulator.requests.length;
    const outcome = async (method: string, conversationId: string, id: string) => {
      const res = await stack.fetch(answerPath(conversationId, id), { method, headers: stranger.v.headers() });
      return { status: res.status, code: res.json.error.code, message: res.json.error.message };
    };
    for (const method of ['GET', 'DELETE']) {
      // On the stranger's own conversation, and on the owner's.
      const onTheirs = await outcome(method, stranger.id, answerId);
      expect(onTheirs).toEqual(await outcome(method, stranger.id, unknown));
      expect(onTheirs).toMatchObject({ status: 404, code: 'answer_not_found' });
      const onOwners = await outcome(method, owner.id, answerId);
      expect(onOwners).toEqual(await outcome(method, owner.id, unknown));
      expect(onOwners).toMatchObject({ status: 404, code: 'conversation_not_found' });
    }
    expect(stack.emulator.requests.length).toBe(calls);
    // Neither read nor stopped: the owner's answer ran to its end.
    const rest = await stream.rest();
    expect(textOf(rest)).toBe(expected);
    expect(rest.at(-1)).toEqual(done(expected));
    expect(stack.emulator.completions.at(-1)!.outcome).toBe('completed');
  });
});

describe('an answer nobody listens to', () => {
  it('runs to its end: the history has it, the inbox shows it answered (not interrupted), and it can be read again', async () => {
    const own = await stack.seedCustomer({ origins: [ORIGIN] });
    const { v, id } = await conversation(own.site);
    const expected = upstreamText(20);
    const { stream, answerId } = await begin(v, id, 20, 20, own.site);
    stream.drop();
    await waitFor(() => stack.emulator.completions.at(-1)!.outcome !== 'running');
    expect(stack.emulator.completions.at(-1)).toMatchObject({ outcome: 'completed', tokensSent: 20 });

    const inbox = async () =>
      (await stack.admin('GET', `/tenants/${own.tenant.id}/conversations`)).json.items.find(
        (c: Wire.InboxItem) => c.id === id,
      ) as Wire.InboxItem;
    await waitFor(async () => (await inbox()).outcome !== null);
    expect(await inbox()).toMatchObject({ outcome: 'answered', messages: 2, firstQuestion: 'tokens:20' });
    const usage = await stack.admin('GET', `/tenants/${own.tenant.id}/usage`);
    expect(usage.json.totals).toMatchObject({ messages: 1, answersCompleted: 1, answersFailed: 0 });

    const history = await v.history(id);
    expect(history.json.items.map((m: Wire.HistoryItem) => [m.role, m.text])).toEqual([
      ['user', 'tokens:20'],
      ['bot', expected],
    ]);
    const again = await stack.fetch(answerPath(id, answerId, own.site), { headers: v.headers() });
    expect(parseEvents(again.text).map((e) => e.event)).toEqual(['start', 'token', 'done']);
    expect(textOf(parseEvents(again.text))).toBe(expected);
  });
});

describe('Stop', () => {
  // Check: relay-visitor-stop (relay/pump.ts stop(), through conversations/conversation-service.ts stopAnswer).
  it('DELETE answers 204, aborts the upstream promptly, and every reader gets answer_stopped', async () => {
    const { v, id } = await conversation();
    const { stream, answerId } = await begin(v, id, 200, 50);
    await stream.until(tokens(2));
    const tab = await reattach(v, id, answerId);
    await tab.until((e) => e.event === 'token');

    const stopped = Date.now();
    const res = await stack.fetch(answerPath(id, answerId), { method: 'DELETE', headers: v.headers() });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('cache-control')).toBe('no-store');
    await waitFor(() => stack.emulator.completions.at(-1)!.outcome === 'client-closed', 2000);
    expect(Date.now() - stopped).toBeLessThan(1000);
    expect(stack.emulator.completions.at(-1)!.tokensSent).toBeLessThan(50);

    const stoppedEvent = { code: 'answer_stopped', message: ERROR_CODES.answer_stopped.message, retryable: false };
    for (const reader of [stream, tab]) {
      const rest = await reader.rest();
      expect(rest.at(-1)).toEqual({ id: expect.any(Number), event: 'error', data: stoppedEvent });
    }
    // Read again, it ends the same way; a second Stop has nothing left to do.
    const again = await stack.fetch(answerPath(id, answerId), { headers: v.headers() });
    expect(parseEvents(again.text).at(-1)).toMatchObject({ event: 'error', data: stoppedEvent });
    expect((await stack.fetch(answerPath(id, answerId), { method: 'DELETE', headers: v.headers() })).status).toBe(204);
  });
});

describe('CORS', () => {
  const preflight = (origin: string, method: string, headers: string) =>
    stack.fetch(answerPath(`cv_${'A'.repeat(22)}`, `an_${'A'.repeat(22)}`), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it('lets an allowed origin reattach with Last-Event-ID and stop; a stranger gets nothing', async () => {
    for (const [method, headers] of [
      ['GET', 'authorization,last-event-id'],
      ['DELETE', 'authorization'],
    ] as const) {
      const res = await preflight(ORIGIN, method, headers);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-methods')!.split(',')).toContain(method);
      expect(res.headers.get('access-control-allow-headers')!.toLowerCase().split(',')).toEqual(
        expect.arrayContaining(headers.split(',')),
      );
    }
    const stranger = await preflight('https://evil.example', 'DELETE', 'authorization,last-event-id');
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    // The answers themselves carry the header the browser needs to read them.
    const { v, id } = await conversation();
    const { stream, answerId } = await begin(v, id, 5, 0);
    await stream.rest();
    const read = await reattach(v, id, answerId, 0);
    expect(read.res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    await read.rest();
    const stop = await stack.fetch(answerPath(id, answerId), { method: 'DELETE', headers: v.headers() });
    expect(stop.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
