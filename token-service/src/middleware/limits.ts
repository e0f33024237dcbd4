/**
 * Apply limits to a route: each limit takes one point for its key; the first one over its limit
 * answers 429 with Retry-After and RateLimit headers; otherwise the RateLimit headers of the
 * tightest limit are set on the response.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { rateLimitHeaders, type Limit, type LimitState } from '../limits/limiter.js';

export type LimitRule = [Limit, (c: Context<AppEnv>) => string];

export function limit(...rules: LimitRule[]): MiddlewareHandler<AppEnv> {
  return async function limit(c, next) {
    let tightest: LimitState | null = null;
    for (const [l, key] of rules) {
      const state = await l.take(key(c));
      if (!tightest || state.remaining / state.limit < tightest.remaining / tightest.limit) tightest = state;
    }
    await next();
    // An inner limit may have set its headers already: keep whichever is closer to its limit.
    const set = Number(c.res.headers.get('ratelimit-remaining') ?? NaN) / Number(c.res.headers.get('ratelimit-limit') ?? NaN);
    if (tightest && !(set <= tightest.remaining / tightest.limit)) {
      for (const [k, v] of Object.entries(rateLimitHeaders(tightest))) c.res.headers.set(k, v);
    }
  };
}

export const byIp = (c: Context<AppEnv>) => c.get('clientIp');
export const bySite = (c: Context<AppEnv>) => c.get('site').siteKey;
export const byVisitor = (c: Context<AppEnv>) => `${c.get('site').siteKey}:${c.get('visitor').visitorId}`;
