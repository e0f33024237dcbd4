/**
 * The composition root: build every part of the service from a Config (open and migrate the store,
 * load the signing keys, connect Redis if configured) and wire the domain services to their stores,
 * the upstream client and the invalidation bus. main.ts, the test kit and the benchmarks all start
 * the service through here; the returned object is what createApp takes, plus `close()`.
 */
import type { Logger } from 'pino';
import { BotService } from './bots/bot-service.js';
import type { Config } from './config.js';
import { ConversationService } from './conversations/conversation-service.js';
import { InboxService } from './conversations/inbox-service.js';
import { clearOwnerCaches, moveCachedOwner, moveConversations } from './conversations/memory.js';
import { createConversationStore } from './conversations/store.js';
import { createIpResolver } from './http/client-ip.js';
import { IdentityService } from './identity/identity-service.js';
import { createIdentityStore } from './identity/store.js';
import type { AppDeps } from './http/context.js';
import { createLimits } from './limits/index.js';
import { connectRedis } from './limits/redis.js';
import { AnswerLog } from './answers/answer-log.js';
import { createRedisAnswerLog } from './answers/redis-log.js';
import { OnboardingService } from './onboarding/onboarding-service.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type Db, openPglite, openPostgres } from './platform/db.js';
import { createInvalidationBus } from './platform/invalidation.js';
import { Lifecycle } from './platform/lifecycle.js';
import { createMetrics } from './platform/metrics.js';
import { migrate } from './platform/migrations.js';
import { widgetAssets, widgetFile } from './platform/widget-file.js';
import { SessionService } from './sessions/session-service.js';
import { TokenIssuer } from './sessions/tokens.js';
import { Keyring } from './signing-keys/keyring.js';
import { SigningKeyService } from './signing-keys/signing-key-service.js';
import { createSigningKeyStore } from './signing-keys/store.js';
import { SiteService } from './sites/site-service.js';
import { createSiteStore } from './sites/store.js';
import { createTenantStore } from './tenants/store.js';
import { TenantService } from './tenants/tenant-service.js';
import { CircuitBreaker } from './upstream/breaker.js';
import { UpstreamClient } from './upstream/client.js';
import { createUsageStore } from './usage/store.js';
import { UsageService } from './usage/usage-service.js';
import { createAccountStore } from './accounts/store.js';
import { AuditService } from './audit/audit-service.js';
import { createAuditStore } from './audit/store.js';
import { BrandService } from './brand/brand-service.js';
import { createBrandStore } from './brand/store.js';
import { CustomerService } from './customers/customer-service.js';
import { createCustomerStore } from './customers/store.js';
import { portalFiles } from './http/portal-files.js';
import { MemberService } from './members/member-service.js';
import { createMailer } from './sign-in/mailer.js';
import { SignInService } from './sign-in/sign-in-service.js';
import { createSignInStore } from './sign-in/store.js';

export interface Service extends AppDeps {
  close(): Promise<void>;
}

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /** An already open and migrated store (tests share one); otherwise opened from the config. */
  db?: Db;
  clock?: Clock;
  /** Process metrics (event loop, memory) in /metrics; tests turn them off. */
  defaultMetrics?: boolean;
  /** Shrinks rate-limit windows (tests). */
  limitWindowScale?: number;
}

export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  const db = config.databaseUrl ? openPostgres(config.databaseUrl) : await openPglite({ dataDir: config.dataDir });
  await migrate(db);
  return db;
}

const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

export async function createService(opts: ServiceOptions): Promise<Service> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const db = opts.db ?? (await openStore(config));
  const bus = createInvalidationBus({ db, databaseUrl: config.databaseUrl, logger });
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true });

  const keyring = await Keyring.open({
    store: createSigningKeyStore(db),
    bus,
    clock,
    envKeys: config.signingKeys,
    ttlSeconds: config.session.ttlSeconds,
    resumeWindowSeconds: config.session.resumeWindowSeconds,
  });
  const tokens = new TokenIssuer({
    keyring,
    clock,
    issuer: config.publicUrl,
    ttlSeconds: config.session.ttlSeconds,
    resumeWindowSeconds: config.session.resumeWindowSeconds,
  });

  const breaker = new CircuitBreaker({
    ...config.breaker,
    onStateChange: (state) => {
      metrics.breakerState.set({ upstream: 'chatbotkit' }, BREAKER_VALUE[state]);
      (state === 'open' ? logger.error.bind(logger) : logger.info.bind(logger))({ state }, 'upstream circuit breaker');
    },
  });
  metrics.breakerState.set({ upstream: 'chatbotkit' }, 0);
  const upstream = new UpstreamClient({
    apiUrl: config.upstream.apiUrl,
    token: config.upstream.token,
    firstByteTimeoutMs: config.timeouts.firstByteMs,
    breaker,
    observe: (op, outcome, seconds) => metrics.upstreamSeconds.observe({ op, outcome }, seconds),
  });

  const redis = config.redis ? connectRedis(config.redis.url, config.redis.failureMode, logger) : null;
  const limits = createLimits(config, {
    redis,
    logger,
    onReject: (limit) => metrics.rateLimitRejections.inc({ limit }),
    ...(opts.limitWindowScale ? { windowScale: opts.limitWindowScale } : {}),
  });
  const lifecycle = new Lifecycle();

  const tenants = new TenantService({ store: createTenantStore(db), upstream, bus, clock });
  const bots = new BotService({ tenants, upstream });
  const sites = new SiteService({
    store: createSiteStore(db),
    tenants,
    bots,
    bus,
    clock,
    publicUrl: config.publicUrl,
    cacheTtlMs: config.siteCacheTtlMs,
  });
  const usage = new UsageService({ store: createUsageStore(db), tenants, clock });
  const identity = new IdentityService({ store: createIdentityStore(db), bus, clock, cacheTtlMs: config.siteCacheTtlMs });
  const conversationStore = createConversationStore(db);
  const sessions = new SessionService({
    tokens,
    sessionsPerSite: limits.sessionsPerSite,
    usage,
    metrics,
    identity,
    // Moved here at once; the other replicas' caches follow through the bus.
    adopt: async (move) => {
      const moved = await moveConversations(conversationStore, move);
      if (moved) await bus.publish({ kind: 'owner', ...move });
      return moved;
    },
  });
  bus.subscribe({
    apply: (e) => (e.kind === 'owner' ? moveCachedOwner(conversationStore, e) : undefined),
    resync: () => clearOwnerCaches(conversationStore),
  });
  const answers = new AnswerLog({
    retentionMs: config.answers.retentionMs,
    maxReaders: config.answers.maxReaders,
    shared:
      redis && config.redis
        ? createRedisAnswerLog(redis, {
            keyPrefix: config.redis.keyPrefix,
            retentionMs: config.answers.retentionMs,
            totalMs: config.timeouts.totalMs,
            idleMs: config.timeouts.idleMs,
            logger,
          })
        : null,
    onShutdown: lifecycle.onShutdown,
  });
  const conversations = new ConversationService({
    store: conversationStore,
    answers,
    upstream,
    identity,
    usage,
    streams: limits.streams,
    clock,
    timeouts: { idleMs: config.timeouts.idleMs, totalMs: config.timeouts.totalMs },
    lifecycle,
    breaker,
    metrics,
    logger,
  });

  const brand = new BrandService({ store: createBrandStore(db), clock });
  const accounts = createAccountStore(db);
  const signIn = new SignInService({
    accounts,
    store: createSignInStore(db),
    clock,
    config: {
      portalUrl: config.portal.url,
      portalOrigins: config.portal.origins,
      idleSeconds: config.portal.sessionIdleSeconds,
      maxSeconds: config.portal.sessionMaxSeconds,
    },
    limits: { perAccount: limits.signInsPerAccount, perIp: limits.signInsPerIp },
    brand: () => brand.get(),
    mailer: config.portal.smtp ? createMailer(config.portal.smtp) : null,
    logger,
  });
  const members = new MemberService({ accounts, tenants, signIn, clock });

  return {
    tenants,
    bots,
    sites,
    sessions,
    conversations,
    identity,
    usage,
    signingKeys: new SigningKeyService({ keyring, bus }),
    onboarding: new OnboardingService({ tenants, bots, sites, members, logger }),
    signIn,
    members,
    customers: new CustomerService({ store: createCustomerStore(db), tenants, sites, members, usage, clock }),
    brand,
    audit: new AuditService({ store: createAuditStore(db), clock }),
    inbox: new InboxService({
      store: conversationStore,
      tenants,
      upstream,
      flush: () => conversations.flushActivity(),
    }),
    ready: () => db.ping(),
    limits,
    metrics,
    logger,
    lifecycle,
    clientIp: createIpResolver(config.trustProxy),
    config: {
      adminToken: config.adminToken,
      publicUrl: config.publicUrl,
      metricsPort: config.metricsPort,
      portal: {
        url: config.portal.url,
        origins: config.portal.origins,
        sessionMaxSeconds: config.portal.sessionMaxSeconds,
        emailLinks: config.portal.smtp !== null,
      },
    },
    portalFiles: config.portal.dir ? portalFiles(config.portal.dir) : null,
    widgetScript: widgetFile(config.widgetFile),
    widgetAsset: widgetAssets(config.widgetFile),
    async close() {
      await bus.close();
      await usage.close();
      await conversations.close();
      await answers.close();
      await sites.close();
      redis?.disconnect();
      if (!opts.db) await db.close();
    },
  };
}
