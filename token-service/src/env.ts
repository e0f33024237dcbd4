/** The dependencies the app is built from, and the per-request variables routes share. */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Clock } from './lib/clock.js';
import type { IpResolver } from './lib/client-ip.js';
import type { Lifecycle } from './lib/lifecycle.js';
import type { Metrics } from './lib/metrics.js';
import type { Limits } from './limits/index.js';
import type { LimitState } from './limits/limiter.js';
import type { Keyring } from './signing/keyring.js';
import type { TokenIssuer, VisitorClaims } from './signing/tokens.js';
import type { SiteCache } from './sites/cache.js';
import type { Invalidator } from './sites/invalidation.js';
import type { Db } from './store/db.js';
import type { createOwnershipCache, createPreviewWriter } from './store/conversations.js';
import type { ResolvedSite } from './store/sites.js';
import type { UsageCounter } from './store/usage.js';
import type { CircuitBreaker } from './upstream/breaker.js';
import type { UpstreamClient } from './upstream/client.js';

export interface AppDeps {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  tokens: TokenIssuer;
  upstream: UpstreamClient;
  sites: SiteCache;
  /** Apply a change to every replica's caches (sites, tenants, signing keys). */
  invalidate: Invalidator;
  usage: UsageCounter;
  /** Conversation ownership, remembered (store/conversations.ts). */
  conversations: ReturnType<typeof createOwnershipCache>;
  /** Conversation previews, written behind. */
  previews: ReturnType<typeof createPreviewWriter>;
  logger: Logger;
  breaker: CircuitBreaker;
  limits: Limits;
  metrics: Metrics;
  lifecycle: Lifecycle;
  clientIp: IpResolver;
  config: Pick<Config, 'adminToken' | 'publicUrl' | 'timeouts' | 'metricsPort'>;
  /** The built widget script, or null when widget/ has not been built. */
  widgetScript: () => Promise<Uint8Array | null>;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    clientIp: string;
    /** Largest request body the route accepts, bytes (lib/json-body.ts). */
    bodyLimit: number;
    /** The rate limit closest to being reached so far (its headers are on the response). */
    rateLimit: LimitState;
    site: ResolvedSite;
    visitor: VisitorClaims;
    /** Fields the access log adds to its line (site key, tenant id). */
    logFields: Record<string, string>;
  };
}
