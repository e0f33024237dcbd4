/**
 * Rate limits and stream-concurrency caps: in memory by default (memory-windows.ts), in Redis with
 * rate-limiter-flexible when REDIS_URL is set so they hold across replicas. With Redis down, `open` mode falls back to a
 * per-process memory limiter (RLF's insurance limiter) and `closed` mode refuses limited requests
 * with 503. The Redis connection itself logs when it goes down and comes back (limits/redis.ts).
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ServiceError } from '../errors.js';
import { MemoryWindows } from './memory-windows.js';

export interface LimitSpec {
  /** Also the metric label and the Redis key prefix. */
  name: string;
  points: number;
  durationSeconds: number;
}

export interface LimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface Limit {
  readonly name: string;
  /**
   * Count one request for `key`; throws ServiceError(rate_limited) when over the limit. In memory
   * the answer is immediate (no promise: the hot path takes three limits per request); with Redis
   * it is a promise.
   */
  take(key: string): LimitState | Promise<LimitState>;
  /** Give a point back (stream counters release their slot). */
  giveBack(key: string): Promise<void>;
}

export interface LimiterFactoryOptions {
  redis: Redis | null;
  keyPrefix: string;
  failureMode: 'open' | 'closed';
  logger: Logger;
  onReject?: (limit: string) => void;
}

export function limiterFactory(opts: LimiterFactoryOptions) {
  let lastWarning = 0;
  const warnStoreDown = (err: unknown) => {
    if (Date.now() - lastWarning < 30_000) return;
    lastWarning = Date.now();
    opts.logger.error({ error: { message: (err as Error)?.message ?? String(err) } }, 'rate limit store failed');
  };

  return function create(spec: LimitSpec, code: 'rate_limited' | 'too_many_streams' = 'rate_limited'): Limit {
    const state = (remainingPoints: number, msBeforeNext: number): LimitState => ({
      limit: spec.points,
      remaining: Math.max(0, remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
    });
    const refuse = (s: LimitState) => {
      opts.onReject?.(spec.name);
      return new ServiceError(code, { retryAfter: s.resetSeconds, headers: rateLimitHeaders({ ...s, remaining: 0 }) });
    };

    if (!opts.redis) {
      const windows = new MemoryWindows(spec.durationSeconds * 1000);
      return {
        name: spec.name,
        take(key) {
          const w = windows.take(key);
          const s = state(spec.points - w.taken, w.msBeforeNext);
          if (w.taken > spec.points) throw refuse(s);
          return s;
        },
        async giveBack(key) {
          windows.reward(key);
        },
      };
    }

    const base = { points: spec.points, duration: spec.durationSeconds, keyPrefix: `${opts.keyPrefix}:${spec.name}` };
    const limiter: RateLimiterAbstract = new RateLimiterRedis({
      ...base,
      storeClient: opts.redis,
      rejectIfRedisNotReady: true,
      ...(opts.failureMode === 'open' ? { insuranceLimiter: new RateLimiterMemory(base) } : {}),
    });
    return {
      name: spec.name,
      async take(key) {
        try {
          const res = await limiter.consume(key, 1);
          return state(res.remainingPoints, res.msBeforeNext);
        } catch (err) {
          if (err instanceof RateLimiterRes) throw refuse(state(err.remainingPoints, err.msBeforeNext));
          warnStoreDown(err);
          throw new ServiceError('service_unavailable', { retryAfter: 5 });
        }
      },
      async giveBack(key) {
        try {
          await limiter.reward(key, 1);
        } catch (err) {
          warnStoreDown(err);
        }
      },
    };
  };
}

export function rateLimitHeaders(s: LimitState): Record<string, string> {
  return {
    'ratelimit-limit': String(s.limit),
    'ratelimit-remaining': String(s.remaining),
    'ratelimit-reset': String(s.resetSeconds),
  };
}
