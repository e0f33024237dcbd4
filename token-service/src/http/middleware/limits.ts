/**
 * Limits on routes. `limit(...)` takes one point per rule for its key; the first one over its
 * limit answers 429 with Retry-After and RateLimit headers; otherwise the RateLimit headers of the
 * tightest limit so far are set on the response (before the handler, so they ride along with it).
 * (The per-IP limit of the browser-facing routes is the first step of middleware/site.ts.)
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Limit, LimitState } from '../../limits/limiter.js';
import type { AppEnv } from '../context.js';
import { answerHeaders } from '../response.js';

export type LimitRule = [Limit, (c: Context<AppEnv>) => string];

/** Put a limit's RateLimit headers on the response if it is the closest to being reached so far. */
export function announceLimit(c: Context<AppEnv>, state: LimitState): void {
  const shown = c.get('rateLimit');
  if (!shown || state.remaining / state.limit < shown.remaining / shown.limit) {
    c.set('rateLimit', state);
    const headers = answerHeaders(c);
    headers['ratelimit-limit'] = String(state.limit);
    headers['ratelimit-remaining'] = String(state.remaining);
    headers['ratelimit-reset'] = String(state.resetSeconds);
  }
}

export function limit(...rules: LimitRule[]): MiddlewareHandler<AppEnv> {
  return async function limit(c, next) {
    for (const [l, key] of rules) {
      const taken = l.take(key(c));
      announceLimit(c, taken instanceof Promise ? await taken : taken);
    }
    await next();
  };
}

export const byIp = (c: Context<AppEnv>) => c.get('clientIp');
export const byVisitor = (c: Context<AppEnv>) => `${c.get('site').siteKey}:${c.get('visitor').visitorId}`;
