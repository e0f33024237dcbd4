/** Visitor routes: a valid session token for this very site (the rules: SessionService.authenticate). */
import type { MiddlewareHandler } from 'hono';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../context.js';

export function visitorAuth(sessions: Pick<SessionService, 'authenticate'>): MiddlewareHandler<AppEnv> {
  return async function visitorAuth(c, next) {
    c.set('visitor', await sessions.authenticate(c.get('site'), c.req.header('authorization'), c.req.header('origin')));
    await next();
  };
}
