/**
 * Build the app's dependencies from a Config: open the store and migrate it, load the signing keys,
 * and wire the upstream client, site cache and usage counter. Used by main.ts and by tests.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { AppDeps } from './env.js';
import { createIpResolver } from './lib/client-ip.js';
import { systemClock, type Clock } from './lib/clock.js';
import { Lifecycle } from './lib/lifecycle.js';
import { createMetrics } from './lib/metrics.js';
import { createLimits } from './limits/index.js';
import { connectRedis } from './limits/redis.js';
import { Keyring } from './signing/keyring.js';
import { TokenIssuer } from './signing/tokens.js';
import { createSiteCache } from './sites/cache.js';
import { createInvalidator } from './sites/invalidation.js';
import { openPglite, openPostgres, type Db } from './store/db.js';
import { migrate } from './store/migrations.js';
import { createOwnershipCache, createPreviewWriter } from './store/conversations.js';
import { createUsageCounter } from './store/usage.js';
import { CircuitBreaker } from './upstream/breaker.js';
import { UpstreamClient } from './upstream/client.js';

export const DEFAULT_WIDGET_PATH = fileURLToPath(new URL('../../widget/dist/widget.js', import.meta.url));

export interface Services extends AppDeps {
  close(): Promise<void>;
}

export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  const db = config.databaseUrl ? openPostgres(config.databaseUrl) : await openPglite({ dataDir: config.dataDir });
  await migrate(db);
  return db;
}

/** Serve the built widget file; re-read it only when it changes on disk (a rebuild in development). */
export function widgetFile(path: string): () => Promise<Uint8Array | null> {
  let cached: { mtimeMs: number; bytes: Uint8Array } | null = null;
  return async () => {
    try {
      const { mtimeMs } = await stat(path);
      if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, bytes: new Uint8Array(await readFile(path)) };
      return cached.bytes;
    } catch {
      return null;
    }
  };
}

export async function createServices(opts: {
  config: Config;
  logger: Logger;
  /** An already open and migrated store (tests share one); otherwise opened from the config. */
  db?: Db;
  clock?: Clock;
  widgetPath?: string;
  /** Process metrics (event loop, memory) in /metrics; tests turn them off. */
  defaultMetrics?: boolean;
  /** Shrinks rate-limit windows (tests). */
  limitWindowScale?: number;
}): Promise<Services> {
  const { config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  if (!config.upstream.token) throw new Error('createServices needs an upstream token');
  const db = opts.db ?? (await openStore(config));
  const keyring = await Keyring.open({
    db,
    clock,
    envKeys: config.signingKeys,
    ttlSeconds: config.session.ttlSeconds,
    resumeWindowSeconds: config.session.resumeWindowSeconds,
  });
  const tokens = new TokenIssuer({
    keyring,
    clock,
    issuer: config.publicUrl ?? 'urn:tessera',
    ttlSeconds: config.session.ttlSeconds,
    resumeWindowSeconds: config.session.resumeWindowSeconds,
  });
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true });
  const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
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
  const usage = createUsageCounter(db, clock);
  const previews = createPreviewWriter(db);
  const redis = config.redis ? connectRedis(config.redis.url, config.redis.failureMode, logger) : null;
  const limits = createLimits(config, {
    redis,
    logger,
    onReject: (limit) => metrics.rateLimitRejections.inc({ limit }),
    ...(opts.limitWindowScale ? { windowScale: opts.limitWindowScale } : {}),
  });
  const sites = createSiteCache(db, clock, config.siteCacheTtlMs);
  const invalidate = createInvalidator({ db, databaseUrl: config.databaseUrl, sites, keyring, logger });
  return {
    db,
    clock,
    keyring,
    tokens,
    upstream,
    sites,
    invalidate,
    usage,
    conversations: createOwnershipCache(db),
    previews,
    logger,
    config,
    breaker,
    limits,
    metrics,
    lifecycle: new Lifecycle(),
    clientIp: createIpResolver(config.trustProxy),
    widgetScript: widgetFile(opts.widgetPath ?? DEFAULT_WIDGET_PATH),
    async close() {
      await invalidate.close();
      await usage.close();
      await previews.close();
      redis?.disconnect();
      if (!opts.db) await db.close();
    },
  };
}
