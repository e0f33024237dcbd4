/**
 * Visitor sessions: minted only for a browser on one of the site's origins; the visitor id is ours,
 * never the client's. `resume` renews the same visitor from an earlier token of the same site and
 * origin. A session request spends the site's shared session budget only once it could succeed
 * (origin allowed, resume valid), so refused requests cannot lock real visitors out
 * (security.md rule 11). Authenticating a visitor's later calls checks the token against the very
 * site and its current origin list.
 */
import type { Wire } from '@tessera/protocol';
import { ServiceError } from '../errors.js';
import type { Limit, LimitState } from '../limits/limiter.js';
import { newId } from '../platform/ids.js';
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
    let visitorId: string | undefined;
    if (body.resume !== undefined) {
      const claims = await this.deps.tokens.verify(body.resume, { allowExpired: true }).catch((err: unknown) => {
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
      visitorId = claims.visitorId;
    }
    // Only now, with nothing left to refuse, is the site's shared budget spent.
    const taken = this.deps.sessionsPerSite.take(site.siteKey); // check: limit-sessions-per-site, sessions-budget-after-checks
    const rateLimit = taken instanceof Promise ? await taken : taken;
    visitorId ??= newId('visitor');
    const { token, expiresAt } = this.deps.tokens.mint({ visitorId, siteKey: site.siteKey, tenantId: site.tenantId, origin });
    this.deps.usage.count(site, 'sessions');
    this.deps.metrics.sessionsMinted.inc();
    return { session: { token, expiresAt, visitorId, config: publicConfig(site) }, rateLimit };
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
