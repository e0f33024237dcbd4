/**
 * Service configuration, read from the environment once at boot and validated by one zod schema.
 * A bad value stops the process with a message that names the variable and never echoes secrets.
 */
import { z } from 'zod';

const DEFAULT_API_URL = 'https://api.chatbotkit.com';

const duration = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  CHATBOTKIT_API_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .optional(),
  CHATBOTKIT_TOKEN: z.string().min(8, { message: 'must be a ChatBotKit secret key' }).optional(),
  TESSERA_ADMIN_TOKEN: z
    .string()
    .min(24, { message: 'must be at least 24 characters (use a long random string)' })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  TESSERA_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
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
});

export interface Config {
  upstream: { apiUrl: string; token: string | null };
  adminToken: string | null;
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  host: string;
  publicUrl: string | null;
  session: { ttlSeconds: number; resumeWindowSeconds: number };
  signingKeys: string | null;
  siteCacheTtlMs: number;
  timeouts: { firstByteMs: number; idleMs: number; totalMs: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
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
  if (e.CHATBOTKIT_TOKEN && !e.TESSERA_ADMIN_TOKEN) {
    throw new ConfigError(
      'Invalid configuration:\n  TESSERA_ADMIN_TOKEN: is required when CHATBOTKIT_TOKEN is set (the admin API must not be open)',
    );
  }
  return {
    upstream: { apiUrl: (e.CHATBOTKIT_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, ''), token: e.CHATBOTKIT_TOKEN ?? null },
    adminToken: e.TESSERA_ADMIN_TOKEN ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: e.TESSERA_DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    session: { ttlSeconds: e.SESSION_TTL_SECONDS, resumeWindowSeconds: e.SESSION_RESUME_WINDOW_SECONDS },
    signingKeys: e.TESSERA_SIGNING_KEYS ?? null,
    siteCacheTtlMs: e.SITE_CACHE_TTL_SECONDS * 1000,
    timeouts: {
      firstByteMs: e.UPSTREAM_FIRST_BYTE_TIMEOUT_MS,
      idleMs: e.UPSTREAM_IDLE_TIMEOUT_MS,
      totalMs: e.UPSTREAM_TOTAL_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
