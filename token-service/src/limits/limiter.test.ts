/** limiterFactory with the memory store (and a Redis that is down): take, giveBack, the 429 it throws, failure modes. */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import { createLogger } from '../platform/logger.js';
import { limiterFactory, rateLimitHeaders } from './limiter.js';

function factory(opts: { redis?: Redis | null; failureMode?: 'open' | 'closed' } = {}) {
  const lines: Record<string, unknown>[] = [];
  const rejected: string[] = [];
  const create = limiterFactory({
    redis: opts.redis ?? null,
    keyPrefix: 'test',
    failureMode: opts.failureMode ?? 'open',
    logger: createLogger('info', { write: (l: string) => void lines.push(JSON.parse(l)) }),
    onReject: (name) => rejected.push(name),
  });
  return { create, lines, rejected };
}

/** A Redis client whose connection is down (rate-limiter-flexible checks `status`). */
const redisDown = () => ({ status: 'reconnecting' }) as unknown as Redis;

/** The error `take` ends with, whether it throws at once (memory) or rejects (Redis). */
async function refusal(take: () => unknown): Promise<ServiceError> {
  const err = await Promise.resolve()
    .then(take)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe('take', () => {
  it('counts down and says when the window resets', async () => {
    const limit = factory().create({ name: 'l', points: 3, durationSeconds: 60 });
    expect(await limit.take('k')).toEqual({ limit: 3, remaining: 2, resetSeconds: 60 });
    expect((await limit.take('k')).remaining).toBe(1);
  });

  it('counts each key on its own', async () => {
    const limit = factory().create({ name: 'l', points: 1, durationSeconds: 60 });
    await limit.take('a');
    expect((await limit.take('b')).remaining).toBe(0);
  });

  it('past the limit throws 429 rate_limited with Retry-After and RateLimit headers', async () => {
    const limit = factory().create({ name: 'l', points: 1, durationSeconds: 30 });
    await limit.take('k');
    const err = await refusal(() => limit.take('k'));
    expect([err.code, err.status, err.retryAfter]).toEqual(['rate_limited', 429, 30]);
    expect(err.headers).toEqual({ 'ratelimit-limit': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' });
  });

  it('throws the code it was made with (a stream cap: too_many_streams)', async () => {
    const limit = factory().create({ name: 'streams', points: 1, durationSeconds: 60 }, 'too_many_streams');
    await limit.take('k');
    expect((await refusal(() => limit.take('k'))).code).toBe('too_many_streams');
  });

  it('reports each refusal by the limit name', async () => {
    const f = factory();
    const limit = f.create({ name: 'sessions_per_ip', points: 1, durationSeconds: 60 });
    await limit.take('k');
    await refusal(() => limit.take('k'));
    await refusal(() => limit.take('k'));
    expect(f.rejected).toEqual(['sessions_per_ip', 'sessions_per_ip']);
  });
});

describe('giveBack', () => {
  it('returns a point', async () => {
    const limit = factory().create({ name: 'l', points: 1, durationSeconds: 60 });
    await limit.take('k');
    await limit.giveBack('k');
    expect((await limit.take('k')).remaining).toBe(0);
  });
});

describe('with Redis down', () => {
  it('open: falls back to a per-process memory limit', async () => {
    const limit = factory({ redis: redisDown(), failureMode: 'open' }).create({ name: 'l', points: 1, durationSeconds: 60 });
    expect((await limit.take('k')).remaining).toBe(0);
    expect((await refusal(() => limit.take('k'))).code).toBe('rate_limited');
  });

  it('closed: refuses with 503 service_unavailable and Retry-After', async () => {
    const limit = factory({ redis: redisDown(), failureMode: 'closed' }).create({ name: 'l', points: 5, durationSeconds: 60 });
    const err = await refusal(() => limit.take('k'));
    expect([err.code, err.status, err.retryAfter]).toEqual(['service_unavailable', 503, 5]);
  });

  it('closed: says so in one log line, not one per request', async () => {
    const f = factory({ redis: redisDown(), failureMode: 'closed' });
    const limit = f.create({ name: 'l', points: 5, durationSeconds: 60 });
    for (let i = 0; i < 3; i++) await refusal(() => limit.take('k'));
    expect(f.lines.filter((l) => l.msg === 'rate limit store failed')).toHaveLength(1);
  });

  it('giveBack never throws', async () => {
    const limit = factory({ redis: redisDown(), failureMode: 'closed' }).create({ name: 'l', points: 5, durationSeconds: 60 });
    await expect(limit.giveBack('k')).resolves.toBeUndefined();
  });
});

describe('rateLimitHeaders', () => {
  it('are the three RateLimit headers', () => {
    expect(rateLimitHeaders({ limit: 20, remaining: 3, resetSeconds: 42 })).toEqual({
      'ratelimit-limit': '20',
      'ratelimit-remaining': '3',
      'ratelimit-reset': '42',
    });
  });
});
