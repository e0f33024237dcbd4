/**
 * Apply limits to a route: each limit takes one point for its key; the first one over its limit
 * answers 429 with Retry-After and RateLimit headers; otherwise the RateLimit headers of the
 * tightest limit are set on the response (before the handler, so they ride along with it).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { rateLimitHeaders, type Limit } from '../limits/limiter.js';

export type LimitRule = [Limit, (c: Context<AppEnv>) => string];

export function limit(...rules: LimitRule[]): MiddlewareHandler<AppEnv> {
  return async function limit(c, next) {
    for (const [l, key] of rules) {
      const state = await l.take(key(c));
      // Announce the limit closest to being reached, across nested limit middlewares.
      const shown = c.get('rateLimit');
      if (!shown || state.remaining / state.limit < shown.remaining / shown.limit) {
        c.set('rateLimit', state);
        for (const [k, v] of Object.entries(rateLimitHeaders(state))) c.header(k, v);
      }
    }
    await next();
  };
}

export const byIp = (c: Context<AppEnv>) => c.get('clientIp');
export const bySite = (c: Context<AppEnv>) => c.get('site').siteKey;
export const byVisitor = (c: Context<AppEnv>) => `${c.get('site').siteKey}:${c.get('visitor').visitorId}`;
