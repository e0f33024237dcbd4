/**
 * Visitor sessions: minted only for a browser on one of the site's origins; the visitor id is ours,
 * never the client's. `resume` renews the same visitor from an earlier token of the same site and
 * origin. A session request spends the site's shared session budget only once it could succeed
 * (origin allowed, resume valid), so refused requests cannot lock real visitors out
 * (security.md rule 11). Authenticating a visitor's later calls checks the token against the very
 * site and its current origin list.
 *
 * Signed-in visitors: with `identity` (a JWT the customer's backend signed, checked by the identity
 * service), the session's visitor is that user's, the same on every device; with `resume` of an
 * anonymous token of this site and origin as well, and the site's `identityAdopt`, what that
 * anonymous visitor started becomes the user's. A site that requires identity opens no anonymous
 * session, but an identified one still renews with `resume` alone (as the same user).
 */
import type { Wire } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import type { Limit, LimitState } from '../limits/limiter.js';
import { newId } from '../platform/ids.js';
import type { IdentityService } from '../identity/identity-service.js';
import type { Metrics } from '../platform/metrics.js';
import { isOriginAllowed, publicConfig } from '../sites/public-config.js';
import type { ResolvedSite } from '../sites/site-service.js';
import type { UsageService } from '../usage/usage-service.js';
import type { TokenIssuer, VisitorClaims } from './tokens.js';

export type { VisitorClaims } from './tokens.js';

export interface SessionServiceDeps {
  tokens: Pick<TokenIssuer, 'mint' | 'verify'>;
  /** Sessions per site per minute: a budget every visitor of the site shares. */
  sessionsPerSite: Limit;
  usage: Pick<UsageService, 'count'>;
  metrics: Pick<Metrics, 'sessionsMinted'>;
  identity: Pick<IdentityService, 'verify' | 'userVisitor' | 'identityOf'>;
  /** Give a visitor's conversations on a site to another visitor (store and ownership caches). */
  adopt(move: { siteId: string; from: string; to: string }): Promise<number>;
}

export interface OpenedSession {
  session: Wire.SessionResponse;
  /** The state of the site's session budget after this session (for RateLimit headers). */
  rateLimit: LimitState;
}

export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  async open(site: ResolvedSite, origin: string | undefined, body: Wire.SessionRequest): Promise<OpenedSession> {
    if (!isOriginAllowed(site, origin)) throw new ServiceError('origin_not_allowed'); // check: origin-allowlist-mint, sessions-budget-after-checks
    let resumed: string | undefined;
    if (body.resume !== undefined) {
      // With an identity, a resume that no longer verifies only means there is nothing to adopt.
      resumed = await this.resumedVisitor(site, origin, body.resume).catch((err: unknown) => {
        if (body.identity !== undefined && err instanceof ServiceError && err.code === 'resume_rejected') return undefined;
        throw err;
      });
    }
    const user = body.identity !== undefined ? await this.deps.identity.verify(site, body.identity) : undefined;
    // Is the resumed visitor a signed-in user? Then it renews as that user (and is never adopted).
    const resumedUser = resumed !== undefined && (await this.deps.identity.identityOf(resumed)) !== null;
    if (!user && !resumedUser && site.identityRequired) throw new ServiceError('identity_required');
    // Only now, with nothing left to refuse, is the site's shared budget spent.
    const taken = this.deps.sessionsPerSite.take(site.siteKey); // check: limit-sessions-per-site, sessions-budget-after-checks
    const rateLimit = taken instanceof Promise ? await taken : taken;
    let visitorId: string;
    if (user) {
      visitorId = await this.deps.identity.userVisitor(site, user);
      if (resumed !== undefined && !resumedUser && resumed !== visitorId && site.identityAdopt) {
        await this.deps.adopt({ siteId: site.id, from: resumed, to: visitorId });
      }
    } else {
      visitorId = resumed ?? newId('visitor');
    }
    const { token, expiresAt } = this.deps.tokens.mint({ visitorId, siteKey: site.siteKey, tenantId: site.tenantId, origin });
    this.deps.usage.count(site, 'sessions');
    this.deps.metrics.sessionsMinted.inc();
    const identified = user !== undefined || resumedUser;
    return { session: { token, expiresAt, visitorId, identified, config: publicConfig(site) }, rateLimit };
  }

  /** The visitor of an earlier token of this site and origin (resume_rejected otherwise). */
  private async resumedVisitor(site: ResolvedSite, origin: string, resume: string): Promise<string> {
    const claims = await this.deps.tokens.verify(resume, { allowExpired: true }).catch((err: unknown) => {
      throw err instanceof ServiceError && err.code === 'token_invalid' ? new ServiceError('resume_rejected') : err;
    });
    // A key rotation changes the site key, so an old token fails here too.
    if (
      claims.siteKey !== site.siteKey || // check: resume-same-site
      claims.tenantId !== site.tenantId || // check: resume-same-site
      claims.origin !== origin // check: resume-same-origin
    ) {
      throw new ServiceError('resume_rejected');
    }
    return claims.visitorId;
  }

  /**
   * The visitor behind `authorization` (a `Bearer` session token) on this site: the token must be
   * this very site's, its origin must still be on the site's list (an origin the partner removed
   * stops at once), and a browser's Origin header, when present, must be that origin.
   */
  async authenticate(site: ResolvedSite, authorization: string | undefined, origin: string | undefined): Promise<VisitorClaims> {
    if (!authorization) throw new ServiceError('token_missing');
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    if (!match) throw new ServiceError('token_invalid');
    const claims = await this.deps.tokens.verify(match[1]!);
    if (claims.siteKey !== site.siteKey || claims.tenantId !== site.tenantId /* check: token-site-binding */) {
      throw new ServiceError('token_site_mismatch');
    }
    if (!isOriginAllowed(site, claims.origin)) throw new ServiceError('origin_not_allowed'); // check: token-origin-still-allowed
    if (origin !== undefined && origin !== claims.origin) throw new ServiceError('origin_not_allowed'); // check: token-origin-header
    return claims;
  }
}
