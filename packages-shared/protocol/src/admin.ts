/** The partner's admin API (`/admin/v1/...`): tenants, bots, sites, usage, signing keys. */
import { z } from 'zod';
import { SiteId, SiteKey, TenantId, UpstreamId } from './ids.js';
import { Origin } from './origin.js';
import { LIMITS } from './limits.js';
import { StarterPrompts } from './site.js';
import { displayText, Locale, plainText } from './text.js';
import { Theme, ThemePatch } from './theme.js';
import { Translations, TranslationsPatch } from './translations.js';

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export const SITE_STATUSES = ['active', 'suspended'] as const;

export const Quotas = z
  .strictObject({
    /** Visitor messages per UTC day across all the tenant's sites; null means no quota. */
    messagesPerDay: z.number().int().min(0).max(100_000_000).nullable(),
  })
  .meta({ id: 'Quotas' });

export const CreateTenantRequest = z
  .strictObject({
    name: displayText(LIMITS.name),
    email: z.email().max(254).optional(),
    quotas: Quotas.partial().optional(),
  })
  .meta({ id: 'CreateTenantRequest' });

export const UpdateTenantRequest = z
  .strictObject({
    name: displayText(LIMITS.name).optional(),
    status: z.enum(TENANT_STATUSES).optional(),
    quotas: Quotas.partial().optional(),
  })
  .meta({ id: 'UpdateTenantRequest' });

export const Tenant = z
  .strictObject({
    id: TenantId,
    name: z.string(),
    status: z.enum(TENANT_STATUSES),
    quotas: Quotas,
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    /** Set when the tenant was deleted (it is then also suspended). */
    deletedAt: z.number().int().nullable(),
  })
  .meta({ id: 'Tenant' });

export const CreateBotRequest = z
  .strictObject({
    name: displayText(LIMITS.name),
    description: plainText(1000, { multiline: true }).optional(),
    backstory: plainText(20_000, { multiline: true }).optional(),
    model: z
      .string()
      .regex(/^\w[\w.-]*(\/\w+=[\w.]+)*$/, { message: 'must be a ChatBotKit model name' })
      .max(100)
      .optional(),
  })
  .meta({ id: 'CreateBotRequest' });

export const Bot = z
  .strictObject({
    id: UpstreamId,
    name: z.string().nullable(),
    description: z.string().nullable(),
    /** The bot's instructions (what it knows and how it answers). */
    backstory: z.string().nullable(),
    model: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .meta({ id: 'Bot' });

const siteFields = {
  name: displayText(LIMITS.name),
  allowedOrigins: z.array(Origin).min(1).max(LIMITS.allowedOrigins),
  botId: UpstreamId,
  theme: Theme,
  title: displayText(LIMITS.title),
  subtitle: displayText(LIMITS.subtitle).nullable(),
  greeting: displayText(LIMITS.greeting, { multiline: true }).nullable(),
  starterPrompts: StarterPrompts,
  locale: Locale.nullable(),
  translations: Translations,
  /** Only signed-in visitors can chat (anonymous visitors see no launcher). */
  identityRequired: z.boolean(),
  /** A conversation a visitor started before signing in becomes the signed-in user's. */
  identityAdopt: z.boolean(),
};

export const CreateSiteRequest = z
  .strictObject({
    ...siteFields,
    theme: siteFields.theme.optional(),
    title: siteFields.title.optional(),
    subtitle: siteFields.subtitle.optional(),
    greeting: siteFields.greeting.optional(),
    starterPrompts: siteFields.starterPrompts.optional(),
    locale: siteFields.locale.optional(),
    translations: siteFields.translations.optional(),
    identityRequired: siteFields.identityRequired.optional(),
    identityAdopt: siteFields.identityAdopt.optional(),
  })
  .meta({ id: 'CreateSiteRequest' });

/**
 * A change to a site, as a JSON merge patch (RFC 7396): fields not named are kept; `null` removes
 * the subtitle, the greeting or the locale, a theme setting (inside `theme`), or the whole theme; inside
 * `translations`, a language (`"fr": null`) or one of its texts (`"fr": {"greeting": null}`), or
 * every language. Lists (origins, starter prompts) are replaced as a whole.
 */
export const UpdateSiteRequest = z
  .strictObject({
    name: siteFields.name.optional(),
    allowedOrigins: siteFields.allowedOrigins.optional(),
    botId: siteFields.botId.optional(),
    theme: ThemePatch.nullable().optional(),
    title: siteFields.title.optional(),
    subtitle: siteFields.subtitle.optional(),
    greeting: siteFields.greeting.optional(),
    starterPrompts: siteFields.starterPrompts.optional(),
    locale: siteFields.locale.optional(),
    translations: TranslationsPatch.nullable().optional(),
    status: z.enum(SITE_STATUSES).optional(),
    identityRequired: siteFields.identityRequired.optional(),
    identityAdopt: siteFields.identityAdopt.optional(),
  })
  .meta({ id: 'UpdateSiteRequest' });

export const Site = z
  .strictObject({
    id: SiteId,
    tenantId: TenantId,
    siteKey: SiteKey,
    name: z.string(),
    status: z.enum(SITE_STATUSES),
    allowedOrigins: z.array(z.string()),
    botId: UpstreamId,
    theme: Theme,
    title: z.string(),
    /** The line under the title in the widget's header; null shows none. */
    subtitle: z.string().nullable(),
    greeting: z.string().nullable(),
    starterPrompts: z.array(z.string()),
    locale: z.string().nullable(),
    /** The title, subtitle, greeting and starter prompts per language (see SiteConfig). */
    translations: Translations,
    /** Only signed-in visitors can chat (anonymous visitors see no launcher). */
    identityRequired: z.boolean(),
    /** A conversation a visitor started before signing in becomes the signed-in user's (default true). */
    identityAdopt: z.boolean(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    /** The exact tag a customer pastes into their pages. */
    embedSnippet: z.string(),
  })
  .meta({ id: 'Site' });

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-11-25' })
  .refine((d) => !Number.isNaN(Date.parse(d)), { message: 'must be a real date' });

/**
 * `GET /admin/v1/tenants/{id}/usage?from&to&siteId`: UTC days, inclusive; default the last 30 days;
 * one site's figures with `siteId`, else the tenant's.
 */
export const UsageQuery = z.strictObject({ from: Day.optional(), to: Day.optional(), siteId: SiteId.optional() });

const count = z.number().int();
export const UsageCounts = z
  .strictObject({
    sessions: count,
    conversations: count,
    /** Visitors' messages (questions). */
    messages: count,
    /** Answers that streamed to their end. */
    answersCompleted: count,
    /** Answers that failed upstream, timed out, or were cut short (stop, a closed page, a restart). */
    answersFailed: count,
    /** Visitors' ratings of answers, on the day they were last given (a changed rating moves). */
    thumbsUp: count,
    thumbsDown: count,
  })
  .meta({ id: 'UsageCounts' });

export const UsageDay = UsageCounts.extend({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).meta({ id: 'UsageDay' });

export const Usage = z
  .strictObject({
    tenantId: TenantId,
    /** The one site reported on, or null for the whole tenant. */
    siteId: SiteId.nullable(),
    from: z.string(),
    to: z.string(),
    days: z.array(UsageDay),
    totals: UsageCounts,
    /**
     * The period's totals per site of the tenant (every site, zeros included). Sites are counted
     * since the store's migration 6; days before it are in the tenant's totals only.
     */
    sites: z.array(z.strictObject({ siteId: SiteId, name: z.string(), totals: UsageCounts })),
  })
  .meta({ id: 'Usage' });

export const SigningKey = z
  .strictObject({
    kid: z.string(),
    alg: z.string(),
    status: z.enum(['active', 'retired']),
    createdAt: z.number().int(),
    retiredAt: z.number().int().nullable(),
    source: z.enum(['environment', 'stored']),
  })
  .meta({ id: 'SigningKey' });

/** Tenant, bot and site in one step (`POST /admin/v1/onboardings`): all three are created, or none. */
export const OnboardingRequest = z
  .strictObject({
    tenant: CreateTenantRequest,
    /** The bot; its name defaults to "<tenant name> assistant". */
    bot: CreateBotRequest.extend({ name: CreateBotRequest.shape.name.optional() }).optional(),
    /** The site; its name defaults to the tenant's name. */
    site: CreateSiteRequest.omit({ botId: true }).extend({ name: siteFields.name.optional() }),
  })
  .meta({ id: 'OnboardingRequest' });

export const Onboarding = z.strictObject({ tenant: Tenant, bot: Bot, site: Site }).meta({ id: 'Onboarding' });

export const ListTenantsQuery = z.strictObject({
  /** Include deleted tenants. */
  includeDeleted: z.enum(['true', 'false']).optional(),
});

export const DeleteTenantQuery = z.strictObject({
  /** Also delete the ChatBotKit sub-account (irreversible). */
  purgeUpstream: z.enum(['true', 'false']).optional(),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item) });
}
