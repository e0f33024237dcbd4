/** Visitor sessions: `POST /v1/sites/{siteKey}/sessions`. */
import { z } from 'zod';
import { VisitorId } from './ids.js';
import { LIMITS } from './limits.js';
import { SiteConfig } from './site.js';

export const SessionRequest = z
  .strictObject({
    /** An earlier token of this visitor on this site and origin, to renew the same visitor. */
    resume: z.string().min(1).max(LIMITS.token).optional(),
  })
  .meta({ id: 'SessionRequest' });

export const SessionResponse = z
  .strictObject({
    token: z.string(),
    /** Epoch milliseconds. */
    expiresAt: z.number().int(),
    visitorId: VisitorId,
    config: SiteConfig,
  })
  .meta({ id: 'SessionResponse' });
