/** Visitor sessions: `POST /v1/sites/{siteKey}/sessions`. */
import { z } from 'zod';
import { IdentityToken } from './identity.js';
import { VisitorId } from './ids.js';
import { LIMITS } from './limits.js';
import { SiteConfig } from './site.js';

export const SessionRequest = z
  .strictObject({
    /** An earlier token of this visitor on this site and origin, to renew the same visitor. */
    resume: z.string().min(1).max(LIMITS.token).optional(),
    /**
     * The signed-in user, as a JWT the customer's backend signed (see docs/identity.md); with `resume`
     * of an anonymous token, that visitor's conversations become the user's (unless the site says not).
     */
    identity: IdentityToken.optional(),
  })
  .meta({ id: 'SessionRequest' });

export const SessionResponse = z
  .strictObject({
    token: z.string(),
    /** Epoch milliseconds. */
    expiresAt: z.number().int(),
    visitorId: VisitorId,
    /** The visitor is a signed-in user of the site (an identity token was verified for them). */
    identified: z.boolean(),
    config: SiteConfig,
  })
  .meta({ id: 'SessionResponse' });
