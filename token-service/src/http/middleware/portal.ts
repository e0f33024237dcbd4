/**
 * The portal's request guards, on every `/portal/...` request:
 * - CSRF: an unsafe method (POST, PUT, PATCH, DELETE) must carry an `Origin` that is one of the
 *   portal's own origins; a missing or foreign one is refused before anything else runs. Browsers
 *   send `Origin` on every such request, so the portal's own pages always pass.
 * - The session: on `/portal/api/*`, the `__Host-portal` cookie is turned into the signed-in person
 *   (read from the store: a sign-out or a removed membership counts at once, on every replica).
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ServiceError } from '../../errors.js';
import type { SignInService } from '../../sign-in/sign-in-service.js';
import type { AppEnv } from '../context.js';
import { answerHeaders } from '../response.js';

export const SESSION_COOKIE = '__Host-portal';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function portalOrigin(origins: string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  return async function portalOrigin(c, next) {
    if (!SAFE.has(c.req.method) && !allowed.has(c.req.header('origin') ?? '') /* check: portal-csrf */) {
      throw new ServiceError('csrf_rejected');
    }
    await next();
  };
}

export function portalSession(signIn: Pick<SignInService, 'authenticate'>): MiddlewareHandler<AppEnv> {
  return async function portalSession(c, next) {
    // Answers of the portal's API are for one person: never stored by a cache, never read cross-origin.
    const headers = answerHeaders(c);
    headers['cache-control'] = 'no-store';
    headers['cross-origin-resource-policy'] = 'same-origin';
    c.set('principal', (await signIn.authenticate(getCookie(c, SESSION_COOKIE))) ?? undefined);
    await next();
  };
}

/**
 * The session cookie: `__Host-` (Secure, Path=/, no Domain: only this host, never a subdomain),
 * HttpOnly, SameSite=Lax. Secure always: browsers accept it on https and on http://localhost and
 * loopback addresses (the demo), and nowhere else, which is what the portal wants.
 */
export function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}
