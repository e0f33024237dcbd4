/**
 * Service configuration, read from the environment once at boot and validated by one zod schema.
 * A bad value stops the process with a message that names the variable and never echoes secrets.
 */
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { z } from 'zod';

function isAddressOrCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

const DEFAULT_API_URL = 'https://api.chatbotkit.com';

const duration = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const count = (def: number) => z.coerce.number().int().min(1).max(100_000_000).default(def);

const EnvSchema = z.object({
  CHATBOTKIT_API_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  CHATBOTKIT_TOKEN: z.string().min(8, { message: 'must be a ChatBotKit secret key' }).optional(),
  TESSERA_ADMIN_TOKEN: z.string().min(24, { message: 'must be at least 24 characters (use a long random string)' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  TESSERA_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** The built widget script served at /widget.js; default: the @tessera/widget package's build. */
  WIDGET_FILE: z.string().min(1).optional(),
  /** Visitor session lifetime, seconds. */
  SESSION_TTL_SECONDS: duration(600, 60, 86_400),
  /** How long after its expiry a token may still be exchanged for a new one, seconds. */
  SESSION_RESUME_WINDOW_SECONDS: duration(30 * 86_400, 0, 90 * 86_400),
  /** JSON private JWK, or JWK Set whose first key signs and the rest only verify. */
  TESSERA_SIGNING_KEYS: z.string().min(2).optional(),
  /** How long the public site config stays in the in-memory cache, seconds. */
  SITE_CACHE_TTL_SECONDS: duration(30, 0, 3600),
  UPSTREAM_FIRST_BYTE_TIMEOUT_MS: duration(15_000, 100, 300_000),
  UPSTREAM_IDLE_TIMEOUT_MS: duration(30_000, 100, 300_000),
  UPSTREAM_TOTAL_TIMEOUT_MS: duration(180_000, 1000, 3_600_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Redis for rate limits and stream counters shared by replicas; unset keeps them in memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
    .optional(),
  /** With Redis down: `open` falls back to per-process limits, `closed` refuses limited requests. */
  REDIS_FAILURE_MODE: z.enum(['open', 'closed']).default('open'),
  /** Prefix of every Redis key, so deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ : . or -' })
    .default('tessera'),
  /** Proxies whose X-Forwarded-For is believed: comma-separated IPs or CIDRs (e.g. 10.0.0.0/8). */
  TRUST_PROXY: z
    .string()
    .min(1)
    .refine((v) => v.split(',').every((a) => isAddressOrCidr(a.trim())), {
      message: 'must be comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8',
    })
    .optional(),
  RATE_REQUESTS_PER_IP_PER_MINUTE: count(600),
  RATE_SESSIONS_PER_IP_PER_MINUTE: count(30),
  RATE_SESSIONS_PER_SITE_PER_MINUTE: count(1200),
  RATE_CONVERSATIONS_PER_VISITOR_PER_HOUR: count(30),
  RATE_MESSAGES_PER_VISITOR_PER_MINUTE: count(20),
  MAX_STREAMS_PER_VISITOR: count(2),
  MAX_STREAMS_PER_PROCESS: count(10_000),
  /** How long an ended answer can still be read again (a reload, another tab), ms. */
  ANSWER_RETENTION_MS: duration(60_000, 1000, 3_600_000),
  /** Readers of one answer at once, per process (the visitor's tabs). */
  MAX_READERS_PER_ANSWER: count(8),
  /** Consecutive upstream failures that open the circuit breaker. */
  BREAKER_FAILURE_THRESHOLD: count(5),
  BREAKER_COOLDOWN_MS: duration(10_000, 100, 600_000),
  HEADERS_TIMEOUT_MS: duration(10_000, 100, 120_000),
  REQUEST_TIMEOUT_MS: duration(30_000, 100, 600_000),
  /** On SIGTERM: how long open streams may finish before they are told to reconnect. */
  STREAM_DRAIN_MS: duration(10_000, 0, 300_000),
  /** On SIGTERM: the longest the process waits before it exits anyway. */
  SHUTDOWN_TIMEOUT_MS: duration(15_000, 100, 600_000),
  /** Where people reach the portal when it has its own domain (a reverse proxy in front of /portal/); default: PUBLIC_URL. */
  PORTAL_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** The portal's build (index.html and assets); default: the @tessera/portal package's build. */
  PORTAL_DIR: z.string().min(1).optional(),
  /** An SMTP server for emailed sign-in links: smtp://user:pass@host:port or smtps://… */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  /** The sender of the portal's emails. */
  SMTP_FROM: z.string().min(3).max(254).optional(),
  /** A portal session ends after this long without a request, seconds. */
  PORTAL_SESSION_IDLE_SECONDS: duration(12 * 3600, 60, 30 * 86_400),
  /** A portal session ends this long after sign-in whatever happens, seconds. */
  PORTAL_SESSION_MAX_SECONDS: duration(7 * 86_400, 60, 90 * 86_400),
  RATE_SIGN_INS_PER_ACCOUNT_PER_HOUR: count(20),
  RATE_SIGN_INS_PER_IP_PER_HOUR: count(100),
  /** Serve /metrics on this port without auth (for a private scrape network) instead of behind the admin token. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export interface Config {
  upstream: { apiUrl: string; token: string };
  adminToken: string;
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  host: string;
  /** Where browsers reach the service: embed snippets and the token issuer use it. */
  publicUrl: string;
  widgetFile: string | null;
  session: { ttlSeconds: number; resumeWindowSeconds: number };
  signingKeys: string | null;
  siteCacheTtlMs: number;
  timeouts: { firstByteMs: number; idleMs: number; totalMs: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  redis: { url: string; failureMode: 'open' | 'closed'; keyPrefix: string } | null;
  trustProxy: string[];
  limits: {
    requestsPerIpPerMinute: number;
    sessionsPerIpPerMinute: number;
    sessionsPerSitePerMinute: number;
    conversationsPerVisitorPerHour: number;
    messagesPerVisitorPerMinute: number;
    signInsPerAccountPerHour: number;
    signInsPerIpPerHour: number;
    streamsPerVisitor: number;
    streamsPerProcess: number;
  };
  answers: { retentionMs: number; maxReaders: number };
  breaker: { failureThreshold: number; cooldownMs: number };
  server: { headersTimeoutMs: number; requestTimeoutMs: number; streamDrainMs: number; shutdownTimeoutMs: number };
  metricsPort: number | null;
  portal: {
    /** Links and passkeys use it. */
    url: string;
    /** Every origin the portal is served on (the service's own and PORTAL_URL's): unsafe requests must come from one. */
    origins: string[];
    dir: string | null;
    sessionIdleSeconds: number;
    sessionMaxSeconds: number;
    smtp: { url: string; from: string } | null;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment. Empty strings count as unset, as in most deployment tools. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const missing = [
    e.CHATBOTKIT_TOKEN
      ? null
      : "  CHATBOTKIT_TOKEN: is required (the partner's ChatBotKit secret key; for a local demo against an emulator, run `pnpm start` in the repository)",
    e.TESSERA_ADMIN_TOKEN
      ? null
      : '  TESSERA_ADMIN_TOKEN: is required (the admin API must not be open; use a long random string)',
  ].filter((line) => line !== null);
  if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  const publicUrl = e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : defaultPublicUrl(e.HOST, e.PORT);
  return {
    upstream: { apiUrl: (e.CHATBOTKIT_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, ''), token: e.CHATBOTKIT_TOKEN! },
    adminToken: e.TESSERA_ADMIN_TOKEN!,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.TESSERA_DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    widgetFile: e.WIDGET_FILE ?? builtWidget(),
    session: { ttlSeconds: e.SESSION_TTL_SECONDS, resumeWindowSeconds: e.SESSION_RESUME_WINDOW_SECONDS },
    signingKeys: e.TESSERA_SIGNING_KEYS ?? null,
    siteCacheTtlMs: e.SITE_CACHE_TTL_SECONDS * 1000,
    timeouts: {
      firstByteMs: e.UPSTREAM_FIRST_BYTE_TIMEOUT_MS,
      idleMs: e.UPSTREAM_IDLE_TIMEOUT_MS,
      totalMs: e.UPSTREAM_TOTAL_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, failureMode: e.REDIS_FAILURE_MODE, keyPrefix: e.REDIS_KEY_PREFIX } : null,
    trustProxy: e.TRUST_PROXY
      ? e.TRUST_PROXY.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    limits: {
      requestsPerIpPerMinute: e.RATE_REQUESTS_PER_IP_PER_MINUTE,
      sessionsPerIpPerMinute: e.RATE_SESSIONS_PER_IP_PER_MINUTE,
      sessionsPerSitePerMinute: e.RATE_SESSIONS_PER_SITE_PER_MINUTE,
      conversationsPerVisitorPerHour: e.RATE_CONVERSATIONS_PER_VISITOR_PER_HOUR,
      messagesPerVisitorPerMinute: e.RATE_MESSAGES_PER_VISITOR_PER_MINUTE,
      signInsPerAccountPerHour: e.RATE_SIGN_INS_PER_ACCOUNT_PER_HOUR,
      signInsPerIpPerHour: e.RATE_SIGN_INS_PER_IP_PER_HOUR,
      streamsPerVisitor: e.MAX_STREAMS_PER_VISITOR,
      streamsPerProcess: e.MAX_STREAMS_PER_PROCESS,
    },
    answers: { retentionMs: e.ANSWER_RETENTION_MS, maxReaders: e.MAX_READERS_PER_ANSWER },
    breaker: { failureThreshold: e.BREAKER_FAILURE_THRESHOLD, cooldownMs: e.BREAKER_COOLDOWN_MS },
    server: {
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      streamDrainMs: e.STREAM_DRAIN_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    metricsPort: e.METRICS_PORT ?? null,
    portal: portalConfig(e, publicUrl),
  };
}

function portalConfig(e: z.infer<typeof EnvSchema>, publicUrl: string): Config['portal'] {
  const url = e.PORTAL_URL ? e.PORTAL_URL.replace(/\/+$/, '') : publicUrl;
  return {
    url,
    origins: [...new Set([new URL(publicUrl).origin, new URL(url).origin])],
    dir: e.PORTAL_DIR ?? builtPortal(),
    sessionIdleSeconds: e.PORTAL_SESSION_IDLE_SECONDS,
    sessionMaxSeconds: e.PORTAL_SESSION_MAX_SECONDS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? `portal@${new URL(url).hostname}` } : null,
  };
}

/** The portal package's build directory (null when the package is not installed). */
function builtPortal(): string | null {
  try {
    return `${dirname(createRequire(import.meta.url).resolve('@tessera/portal/package.json'))}/dist`;
  } catch {
    return null;
  }
}

/** `http://HOST:PORT`, with a wildcard host as localhost and an IPv6 address in brackets. */
export function defaultPublicUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : isIP(host) === 6 ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** The widget package's build, found through its package exports (null when it is not installed). */
function builtWidget(): string | null {
  try {
    // createRequire rather than import.meta.resolve: the latter is missing in some module runners
    // (vitest's global setup), and both follow the package's exports.
    return createRequire(import.meta.url).resolve('@tessera/widget/widget.js');
  } catch {
    return null;
  }
}
