/** The partner's admin API: `Authorization: Bearer <TESSERA_ADMIN_TOKEN>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { ServiceError } from '../../errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function adminAuth(adminToken: string | null): MiddlewareHandler<AppEnv> {
  // Comparing fixed-length digests keeps the comparison constant-time whatever the lengths.
  const expected = adminToken ? digest(adminToken) : null;
  return async function adminAuth(c, next) {
    const match = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '');
    if (!expected || !match || !timingSafeEqual(digest(match[1]!), expected) /* check: admin-token */) {
      throw new ServiceError('admin_unauthorized', { headers: { 'www-authenticate': 'Bearer' } });
    }
    await next();
  };
}
