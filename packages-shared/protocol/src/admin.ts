/** The partner's admin API (`/admin/v1/...`): tenants, bots, sites, usage, signing keys. */
import { z } from 'zod';
import { SiteId, SiteKey, TenantId, UpstreamId } from './ids.js';
import { Origin } from './origin.js';
import { LIMITS } from './limits.js';
import { StarterPrompts } from './site.js';
import { Locale, plainText } from './text.js';
import { Theme } from './theme.js';

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export const SITE_STATUSES = ['active', 'suspended'] as const;

export const Quotas = z.strictObject({
  /** Visitor messages per UTC day across all the tenant's sites; null means no quota. */
  messagesPerDay: z.number().int().min(0).max(100_000_000).nullable(),
});

export const CreateTenantRequest = z.strictObject({
  name: plainText(LIMITS.name),
  email: z.email().max(254).optional(),
  quotas: Quotas.partial().optional(),
});

export const UpdateTenantRequest = z.strictObject({
  name: plainText(LIMITS.name).optional(),
  status: z.enum(TENANT_STATUSES).optional(),
  quotas: Quotas.partial().optional(),
});

export const Tenant = z.strictObject({
  id: TenantId,
  name: z.string(),
  status: z.enum(TENANT_STATUSES),
  quotas: Quotas,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** Set when the tenant was deleted (it is then also suspended). */
  deletedAt: z.number().int().nullable(),
});

export const CreateBotRequest = z.strictObject({
  name: plainText(LIMITS.name),
  description: plainText(1000, { multiline: true }).optional(),
  backstory: plainText(20_000, { multiline: true }).optional(),
  model: z
    .string()
    .regex(/^\w[\w.-]*(\/\w+=[\w.]+)*$/, { message: 'must be a ChatBotKit model name' })
    .max(100)
    .optional(),
});

export const Bot = z.strictObject({
  id: UpstreamId,
  name: z.string().nullable(),
  description: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.number().int(),
});

const siteFields = {
  name: plainText(LIMITS.name),
  allowedOrigins: z.array(Origin).min(1).max(LIMITS.allowedOrigins),
  botId: UpstreamId,
  theme: Theme,
  title: plainText(LIMITS.title),
  greeting: plainText(LIMITS.greeting, { multiline: true }).nullable(),
  starterPrompts: StarterPrompts,
  locale: Locale.nullable(),
};

export const CreateSiteRequest = z.strictObject({
  ...siteFields,
  theme: siteFields.theme.optional(),
  title: siteFields.title.optional(),
  greeting: siteFields.greeting.optional(),
  starterPrompts: siteFields.starterPrompts.optional(),
  locale: siteFields.locale.optional(),
});

export const UpdateSiteRequest = z.strictObject({
  name: siteFields.name.optional(),
  allowedOrigins: siteFields.allowedOrigins.optional(),
  botId: siteFields.botId.optional(),
  theme: siteFields.theme.optional(),
  title: siteFields.title.optional(),
  greeting: siteFields.greeting.optional(),
  starterPrompts: siteFields.starterPrompts.optional(),
  locale: siteFields.locale.optional(),
  status: z.enum(SITE_STATUSES).optional(),
});

export const Site = z.strictObject({
  id: SiteId,
  tenantId: TenantId,
  siteKey: SiteKey,
  name: z.string(),
  status: z.enum(SITE_STATUSES),
  allowedOrigins: z.array(z.string()),
  botId: UpstreamId,
  theme: Theme,
  title: z.string(),
  greeting: z.string().nullable(),
  starterPrompts: z.array(z.string()),
  locale: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** The exact tag a customer pastes into their pages. */
  embedSnippet: z.string(),
});

export const UsageDay = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sessions: z.number().int(),
  conversations: z.number().int(),
  messages: z.number().int(),
});

export const Usage = z.strictObject({
  tenantId: TenantId,
  from: z.string(),
  to: z.string(),
  days: z.array(UsageDay),
  totals: UsageDay.omit({ day: true }),
});

export const SigningKey = z.strictObject({
  kid: z.string(),
  alg: z.string(),
  status: z.enum(['active', 'retired']),
  createdAt: z.number().int(),
  retiredAt: z.number().int().nullable(),
  source: z.enum(['environment', 'stored']),
});

export const DeleteTenantQuery = z.strictObject({
  /** Also delete the ChatBotKit sub-account (irreversible). */
  purgeUpstream: z.enum(['true', 'false']).optional(),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item) });
}
