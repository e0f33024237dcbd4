/**
 * The answer log of one process: which answer a visitor may open or stop (its own conversation's,
 * while it runs and for the retention after), the cap on readers, and what it asks of a log shared
 * with other replicas (a recording fake here, and Stop across two replicas over a stand-in for the
 * few Redis commands it uses: real Redis is tested with the replicas, test/scale).
 */
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { type AnswerLogOptions, AnswerLog, type SharedAnswerLog } from './answer-log.js';
import type { AnswerEntry, Output } from './entry.js';
import { createRedisAnswerLog } from './redis-log.js';

const CONVERSATION = 'cv_CCCCCCCCCCCCCCCCCCCCCC';
const OTHER_CONVERSATION = 'cv_DDDDDDDDDDDDDDDDDDDDDD';
const UNKNOWN = 'an_UUUUUUUUUUUUUUUUUUUUUU';
const DONE = { event: 'done' as const, data: { messageId: 'm1', text: null, finishReason: 'stop' as const } };

const logOf = (over: Partial<AnswerLogOptions> = {}) =>
  new AnswerLog({ retentionMs: 60_000, maxReaders: 8, shared: null, ...over });

/** A reader that keeps up, and can leave. */
function reader(entry: AnswerEntry) {
  let gone: (() => void) | undefined;
  const out: Output = { write: () => true, ready: async () => {}, close: () => {}, onGone: (g) => (gone = g) };
  entry.attach(out, null);
  return { leave: () => gone?.() };
}

/** Running answer with a stopper that counts. */
function running(log: AnswerLog, conversationId = CONVERSATION) {
  const entry = log.begin(conversationId);
  const stops = { count: 0 };
  entry.stopper = () => {
    stops.count++;
    entry.end({ event: 'error', code: 'answer_stopped' });
  };
  return { entry, stops };
}

const refused = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: 'ServiceError', code });

afterEach(() => {
  vi.useRealTimers();
});

describe('AnswerLog', () => {
  it('begins each answer under a new id of its own kind, for its conversation', () => {
    const log = logOf();
    const a = log.begin(CONVERSATION);
    const b = log.begin(CONVERSATION);
    expect(a.id).toMatch(/^an_[0-9A-Za-z]{22}$/);
    expect([a.id === b.id, a.conversationId, log.size]).toEqual([false, CONVERSATION, 2]);
  });

  it('opens a running or finished answer of the conversation', async () => {
    const log = logOf();
    const { entry } = running(log);
    expect(await log.open(entry.id, CONVERSATION)).toBe(entry);
    entry.end(DONE);
    expect(await log.open(entry.id, CONVERSATION)).toBe(entry);
  });

  it('refuses a malformed or unknown id: answer_not_found', async () => {
    const log = logOf();
    const { entry } = running(log);
    for (const id of [undefined, '', 'an_short', `${entry.id}x`, entry.id.replace('an_', 'cv_'), '../../an', UNKNOWN]) {
      await refused(log.open(id, CONVERSATION), 'answer_not_found');
    }
  });

  // Check: answer-owner (answers/answer-log.ts AnswerLog.open: the answer must be of the conversation asked for).
  it("refuses another conversation's answer: answer_not_found, like an unknown one", async () => {
    const log = logOf();
    const { entry } = running(log);
    await refused(log.open(entry.id, OTHER_CONVERSATION), 'answer_not_found');
    expect(entry.readerCount).toBe(0);
  });

  it('keeps an answer for the retention after it ended, and as long as it runs', async () => {
    vi.useFakeTimers();
    const log = logOf({ retentionMs: 60_000 });
    const { entry } = running(log);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(await log.open(entry.id, CONVERSATION)).toBe(entry);
    entry.end(DONE);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(await log.open(entry.id, CONVERSATION)).toBe(entry);
    await vi.advanceTimersByTimeAsync(1);
    await refused(log.open(entry.id, CONVERSATION), 'answer_not_found');
    expect(log.size).toBe(0);
  });

  // Check: answer-readers-cap (answers/answer-log.ts AnswerLog.open: at most maxReaders readers of one answer).
  it('refuses a reader beyond maxReaders: too_many_streams, until one leaves', async () => {
    const log = logOf({ maxReaders: 2 });
    const { entry } = running(log);
    reader(entry);
    const second = reader(entry);
    const refusal = log.open(entry.id, CONVERSATION);
    await refused(refusal, 'too_many_streams');
    await refusal.catch((err: { retryAfter: number }) => expect(err.retryAfter).toBe(5));
    second.leave();
    expect(await log.open(entry.id, CONVERSATION)).toBe(entry);
  });

  it("stops a running answer of the conversation; a finished one's stop does nothing", async () => {
    const log = logOf();
    const { entry, stops } = running(log);
    await log.stop(entry.id, CONVERSATION);
    expect([stops.count, entry.ended?.event]).toEqual([1, 'error']);
    await log.stop(entry.id, CONVERSATION);
    const finished = running(log);
    finished.entry.end(DONE);
    await log.stop(finished.entry.id, CONVERSATION);
    expect([stops.count, finished.stops.count, finished.entry.ended?.event]).toEqual([1, 0, 'done']);
  });

  // Check: answer-stop-owner (answers/answer-log.ts AnswerLog.stop: only the conversation's own answer).
  it("refuses to stop another conversation's answer, or an unknown one: answer_not_found, nothing stopped", async () => {
    const log = logOf();
    const { entry, stops } = running(log);
    await refused(log.stop(entry.id, OTHER_CONVERSATION), 'answer_not_found');
    for (const id of [undefined, 'an_short', UNKNOWN]) await refused(log.stop(id, CONVERSATION), 'answer_not_found');
    expect([stops.count, entry.ended]).toEqual([0, null]);
  });
});

/** A shared log that records what it is asked, and answers follows from `remote` (answer id -> conversation, tokens). */
function sharedLog(remote: Record<string, { conversationId: string; tokens: string[] }> = {}) {
  const calls: string[] = [];
  let stopHandler: (answerId: string) => void = () => {};
  const shared: SharedAnswerLog = {
    begin: (e) => void calls.push(`begin ${e.id}`),
    append: (e, at, text) => void calls.push(`append ${e.id} ${at} ${text}`),
    ping: () => {},
    end: (e) => void calls.push(`end ${e.id}`),
    follow: async (e) => {
      calls.push(`follow ${e.id}`);
      const found = remote[e.id];
      if (!found || found.conversationId !== e.conversationId) return false;
      for (const t of found.tokens) e.append(t);
      return true;
    },
    unfollow: (e) => void calls.push(`unfollow ${e.id}`),
    stop: async (id, conversationId) => {
      calls.push(`stop ${id}`);
      return remote[id]?.conversationId === conversationId;
    },
    onStop: (stop) => {
      stopHandler = stop;
    },
    close: async () => void calls.push('close'),
  };
  return { shared, calls, stopFromAnotherReplica: (id: string) => stopHandler(id) };
}

describe('AnswerLog with a log shared by replicas', () => {
  const REMOTE = 'an_RRRRRRRRRRRRRRRRRRRRRR';

  it("mirrors this process's answers to it", () => {
    const { shared, calls } = sharedLog();
    const { entry } = running(logOf({ shared }));
    entry.append('ab');
    entry.end(DONE);
    expect(calls).toEqual([`begin ${entry.id}`, `append ${entry.id} 0 ab`, `end ${entry.id}`]);
  });

  it("follows another replica's answer once for all its readers here, and lets go when none is left", async () => {
    const { shared, calls } = sharedLog({ [REMOTE]: { conversationId: CONVERSATION, tokens: ['Hel', 'lo'] } });
    const log = logOf({ shared });
    const [a, b] = await Promise.all([log.open(REMOTE, CONVERSATION), log.open(REMOTE, CONVERSATION)]);
    expect([a === b, a.text(), a.stopper, calls]).toEqual([true, 'Hello', null, [`follow ${REMOTE}`]]);
    const first = reader(a);
    const second = reader(a);
    first.leave();
    expect(calls).toEqual([`follow ${REMOTE}`]);
    second.leave();
    expect(calls).toEqual([`follow ${REMOTE}`, `unfollow ${REMOTE}`]);
  });

  it('lets go of a followed answer that ends with no reader here, and follows it anew when asked again', async () => {
    const { shared, calls } = sharedLog({ [REMOTE]: { conversationId: CONVERSATION, tokens: ['a'] } });
    const log = logOf({ shared });
    const entry = await log.open(REMOTE, CONVERSATION);
    entry.end(DONE);
    expect(calls).toEqual([`follow ${REMOTE}`, `unfollow ${REMOTE}`]);
    expect(await log.open(REMOTE, CONVERSATION)).not.toBe(entry);
    expect(calls.filter((c) => c.startsWith('follow'))).toHaveLength(2);
  });

  it('never asks the shared log about a malformed id', async () => {
    const { shared, calls } = sharedLog();
    const log = logOf({ shared });
    for (const id of [undefined, 'an_short', '../../an_x', `${UNKNOWN}:c`, 'an_UUUUUUUUUUUUUUUUUUUUU*']) {
      await refused(log.open(id, CONVERSATION), 'answer_not_found');
      await refused(log.stop(id, CONVERSATION), 'answer_not_found');
    }
    expect(calls).toEqual([]);
  });

  it('refuses an answer the shared log does not have for this conversation: answer_not_found', async () => {
    const { shared } = sharedLog({ [REMOTE]: { conversationId: OTHER_CONVERSATION, tokens: ['x'] } });
    const log = logOf({ shared });
    await refused(log.open(REMOTE, CONVERSATION), 'answer_not_found');
    await refused(log.open(UNKNOWN, CONVERSATION), 'answer_not_found');
  });

  it('asks the shared log to stop an answer running elsewhere; refused there: answer_not_found', async () => {
    const { shared, calls } = sharedLog({ [REMOTE]: { conversationId: CONVERSATION, tokens: [] } });
    const log = logOf({ shared });
    await log.stop(REMOTE, CONVERSATION);
    await refused(log.stop(REMOTE, OTHER_CONVERSATION), 'answer_not_found');
    expect(calls).toEqual([`stop ${REMOTE}`, `stop ${REMOTE}`]);
  });

  it('stops an answer of this process when another replica asks', () => {
    const { shared, stopFromAnotherReplica } = sharedLog();
    const { entry, stops } = running(logOf({ shared }));
    stopFromAnotherReplica(UNKNOWN);
    stopFromAnotherReplica(entry.id);
    expect(stops.count).toBe(1);
  });

  it('ends the answers it follows with shutting_down when this process stops', async () => {
    const { shared } = sharedLog({ [REMOTE]: { conversationId: CONVERSATION, tokens: ['a'] } });
    let shutdown: () => void = () => {};
    const log = logOf({
      shared,
      onShutdown: (stop) => {
        shutdown = stop;
        return () => {};
      },
    });
    const entry = await log.open(REMOTE, CONVERSATION);
    shutdown();
    expect(entry.ended).toEqual({ event: 'error', data: expect.objectContaining({ code: 'shutting_down' }) });
  });
});

/**
 * The Redis commands Stop across replicas goes through (keys, publish/subscribe), in memory; the
 * answer's stream writes are accepted and dropped.
 */
function standInRedis() {
  const keys = new Map<string, string>();
  const subscribers: { channels: Set<string>; onMessage: (channel: string, message: string) => void }[] = [];
  const published: string[] = [];
  const pipeline = (): unknown => new Proxy({}, { get: (_, name) => (name === 'exec' ? async () => [] : pipeline) });
  const redis = {
    set: async (key: string, value: string) => void keys.set(key, value),
    get: async (key: string) => keys.get(key) ?? null,
    publish: async (channel: string, message: string) => {
      published.push(`${channel} ${message}`);
      for (const s of subscribers) if (s.channels.has(channel)) s.onMessage(channel, message);
      return 1;
    },
    pipeline,
    duplicate: () => {
      const s = { channels: new Set<string>(), onMessage: (_c: string, _m: string) => {} };
      subscribers.push(s);
      return {
        on: (event: string, handler: (channel: string, message: string) => void) => {
          if (event === 'message') s.onMessage = handler;
        },
        subscribe: async (channel: string) => void s.channels.add(channel),
        unsubscribe: async (channel: string) => void s.channels.delete(channel),
        disconnect: () => {},
      };
    },
  };
  return { redis: redis as unknown as Redis, published };
}

describe('Stop across two replicas sharing Redis', () => {
  function replicas() {
    const { redis, published } = standInRedis();
    const replica = () =>
      logOf({
        shared: createRedisAnswerLog(redis, {
          keyPrefix: 't',
          retentionMs: 60_000,
          totalMs: 10_000,
          idleMs: 5000,
          logger: createLogger('silent'),
        }),
      });
    return { answer: running(replica()), other: replica(), published };
  }

  it('a Stop that lands on the other replica stops the answer where it runs', async () => {
    const { answer, other } = replicas();
    await other.stop(answer.entry.id, CONVERSATION);
    expect([answer.stops.count, answer.entry.ended?.event]).toEqual([1, 'error']);
  });

  // Check: answer-stop-owner-shared (answers/redis-log.ts stop(): the answer must answer the conversation asked for).
  it("refuses another conversation's answer there: answer_not_found, and no stop is sent", async () => {
    const { answer, other, published } = replicas();
    await refused(other.stop(answer.entry.id, OTHER_CONVERSATION), 'answer_not_found');
    await refused(other.stop(UNKNOWN, CONVERSATION), 'answer_not_found');
    expect([answer.stops.count, answer.entry.ended, published.filter((m) => m.includes(':answers:stop'))]).toEqual([0, null, []]);
  });
});
