/**
 * The answer log shared by replicas, in Redis. Each answer is a stream (`<prefix>:answer:<id>`) of
 * its text chunks (entry id `<end offset>-0`, fields `s` start offset and `t` text) and, last, its
 * end (`<length>-1`, field `e`), capped at MAX_ENTRIES, expiring `retentionMs` after the end (and at
 * the latest the total time limit after the start); the conversation it answers is a key beside it.
 * Readers on another replica subscribe to the answer's channel first, then read the stream: the
 * live messages (the same chunks, published as they are written) continue it, and offsets drop the
 * overlap. A gap (Redis lost data, a message was missed) ends the reader's copy with
 * `stream_interrupted` rather than showing a wrong text. Stop requests go to every replica on one
 * channel; the one running the answer stops it.
 *
 * Writes never wait for Redis: the answer runs on this replica whatever Redis does, and readers here
 * read this process's log. While Redis is down, readers elsewhere get answer_not_found (the widget
 * then shows the question interrupted, with Retry).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AnswerEntry } from './entry.js';
import type { SharedAnswerLog } from './answer-log.js';

/** Chunks of one answer kept at most (an answer's body is capped upstream; this bounds a runaway). */
const MAX_ENTRIES = 20_000;

interface Follow {
  entry: AnswerEntry;
  /** Messages heard while the backlog was read; null once live. */
  buffer: string[] | null;
  timer: NodeJS.Timeout;
}

export function createRedisAnswerLog(
  redis: Redis,
  opts: { keyPrefix: string; retentionMs: number; totalMs: number; idleMs: number; logger: Logger },
): SharedAnswerLog {
  const prefix = `${opts.keyPrefix}:answer:`;
  const stopChannel = `${opts.keyPrefix}:answers:stop`;
  const keyOf = (id: string) => `${prefix}${id}`;
  const conversationKey = (id: string) => `${prefix}${id}:c`;
  const runningTtl = opts.totalMs + opts.retentionMs;
  // A follower hears something at least at every upstream keep-alive; silence beyond the idle limit
  // means the replica running it is gone.
  const followIdleMs = opts.idleMs + 5000;
  const started = new WeakSet<AnswerEntry>();
  const follows = new Map<string, Follow>();
  let pending = 0;
  let failing = false;
  let stopHandler: (id: string) => void = () => {};

  const written = (p: Promise<unknown>) => {
    pending++;
    p.then((results) => {
      // A pipeline resolves with [error, result] pairs.
      const failed = Array.isArray(results) && results.some((r) => Array.isArray(r) && r[0]);
      if (failed) return fail();
      if (failing) opts.logger.info('answer log: Redis writes work again');
      failing = false;
    }, fail).finally(() => pending--);
  };
  const fail = () => {
    if (failing) return;
    failing = true;
    opts.logger.warn('answer log: Redis writes fail; answers still run, reattaching on another replica will not find them');
  };

  const sub = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  sub.on('error', () => {}); // the main connection logs Redis outages
  void sub.subscribe(stopChannel).catch(() => {});
  // A lost subscription may have missed messages: every copy read here ends (its readers fall back).
  sub.on('close', () => {
    for (const f of [...follows.values()]) end(f, 'stream_interrupted');
  });
  sub.on('message', (channel: string, message: string) => {
    if (channel === stopChannel) return stopHandler(message);
    const f = follows.get(channel);
    if (!f) return;
    if (f.buffer) f.buffer.push(message);
    else apply(f, message);
  });

  const end = (f: Follow, code: 'stream_interrupted' | 'shutting_down') => f.entry.end({ event: 'error', code });

  /** One live message: `t<start>:<text>`, `p` (keep-alive) or `e<end json>`. */
  const apply = (f: Follow, message: string) => {
    f.timer.refresh();
    const kind = message[0];
    if (kind === 't') {
      const colon = message.indexOf(':');
      chunk(f, Number(message.slice(1, colon)), message.slice(colon + 1));
    } else if (kind === 'e') finish(f, message.slice(1));
    else if (kind === 'p') f.entry.ping();
  };

  const chunk = (f: Follow, start: number, text: string) => {
    const { entry } = f;
    if (start + text.length <= entry.length) return; // had it
    if (start > entry.length) return end(f, 'stream_interrupted'); // a gap: never a wrong text
    entry.append(text.slice(entry.length - start));
  };

  const finish = (f: Follow, json: string) => {
    try {
      const e = JSON.parse(json) as { event: 'done' | 'error'; data: Record<string, unknown> };
      if (e.event === 'done') f.entry.end({ event: 'done', data: e.data as never });
      else f.entry.end({ event: 'error', code: e.data['code'] as never });
    } catch {
      end(f, 'stream_interrupted');
    }
  };

  const batches = new Map<AnswerEntry, { start: number; text: string }>();
  const flush = (entry: AnswerEntry) => {
    const batch = batches.get(entry);
    if (!batch) return;
    batches.delete(entry);
    const { start, text } = batch;
    const key = keyOf(entry.id);
    const p = redis.pipeline().xadd(key, 'MAXLEN', '~', MAX_ENTRIES, `${start + text.length}-0`, 's', String(start), 't', text);
    if (!started.has(entry)) {
      started.add(entry);
      p.pexpire(key, runningTtl);
    }
    written(p.publish(key, `t${start}:${text}`).exec());
  };

  /** Stop following: a follow that found nothing, or one no reader here needs any more. */
  const giveUp = (f: Follow): false => {
    clearTimeout(f.timer);
    const key = keyOf(f.entry.id);
    if (follows.get(key) === f) {
      follows.delete(key);
      void sub.unsubscribe(key).catch(() => {});
    }
    return false;
  };

  return {
    begin(entry) {
      written(redis.set(conversationKey(entry.id), entry.conversationId, 'PX', runningTtl));
    },

    append(entry, start, text) {
      // The tokens of one upstream chunk arrive in one go: they are written as one entry.
      const batch = batches.get(entry);
      if (batch) batch.text += text;
      else {
        batches.set(entry, { start, text });
        queueMicrotask(() => flush(entry));
      }
    },

    ping(entry) {
      flush(entry);
      written(redis.publish(keyOf(entry.id), 'p'));
    },

    end(entry) {
      flush(entry);
      const key = keyOf(entry.id);
      const json = JSON.stringify(entry.ended);
      written(
        redis
          .pipeline()
          .xadd(key, `${entry.length}-1`, 'e', json)
          .pexpire(key, opts.retentionMs)
          .pexpire(conversationKey(entry.id), opts.retentionMs)
          .publish(key, `e${json}`)
          .exec(),
      );
    },

    async follow(entry) {
      const key = keyOf(entry.id);
      const f: Follow = {
        entry,
        buffer: [],
        timer: setTimeout(() => end(f, 'stream_interrupted'), followIdleMs),
      };
      f.timer.unref();
      try {
        if ((await redis.get(conversationKey(entry.id))) !== entry.conversationId) return giveUp(f);
        // Subscribed before the backlog is read: nothing falls between the two.
        follows.set(key, f);
        await sub.subscribe(key);
        const backlog = await redis.xrange(key, '-', '+');
        for (const [, fields] of backlog) {
          const field = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
          if (fields[0] === 'e') finish(f, field('e'));
          else chunk(f, Number(field('s')), field('t'));
        }
      } catch {
        return giveUp(f);
      }
      const heard = f.buffer ?? [];
      f.buffer = null;
      for (const m of heard) apply(f, m);
      if (entry.ended) giveUp(f);
      return true;
    },

    unfollow(entry) {
      const f = follows.get(keyOf(entry.id));
      if (f?.entry === entry) giveUp(f);
    },

    async stop(answerId, conversationId) {
      try {
        if ((await redis.get(conversationKey(answerId))) !== conversationId) return false; // check: answer-stop-owner-shared
        await redis.publish(stopChannel, answerId);
        return true;
      } catch {
        return false;
      }
    },

    onStop(stop) {
      stopHandler = stop;
    },

    async close() {
      // The last events (a drain's shutting_down) reach Redis before the connection goes.
      const deadline = Date.now() + 2000;
      while (pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const f of follows.values()) clearTimeout(f.timer);
      sub.disconnect();
    },
  };
}
