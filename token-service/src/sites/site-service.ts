/**
 * Sites: where a tenant's widget runs. Creating one checks that the bot is the tenant's own and
 * returns the public site key with the snippet to paste (built from the configured public URL,
 * never from the request). Changes are JSON merge patches (RFC 7396): what a caller does not name is
 * kept. Every change is announced on the invalidation bus, and the browser-facing routes read sites
 * through a cache that the bus keeps honest, so a suspension or a key rotation takes effect at once.
 */
import {
  type CreateSiteRequest,
  LIMITS,
  SiteId,
  TOO_MANY_TRANSLATIONS,
  type UpdateSiteRequest,
  type Wire,
} from '@tessera/protocol';
import mergePatch from 'json-merge-patch';
import type { z } from 'zod';
import type { BotService } from '../bots/bot-service.js';
import { ServiceError } from '../errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { InvalidationBus } from '../platform/invalidation.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { createSiteCache, type SiteCache } from './cache.js';
import { embedSnippet } from './public-config.js';
import type { ResolvedSite, SitePatch, SiteRecord, SiteStore } from './store.js';

export type { ResolvedSite } from './store.js';

/** The most origins the installation check keeps per site. */
export const MAX_ORIGINS_PER_SITE = 50;

/** Origin loads counted in memory and written together every 5 seconds (the config call is on every page load). */
function createOriginsSeen(
  write: (batch: { siteId: string; origin: string; first: number; last: number; loads: number }[]) => Promise<void>,
) {
  let pending = new Map<string, { siteId: string; origin: string; first: number; last: number; loads: number }>();
  let flushing: Promise<void> = Promise.resolve();
  const flushNow = async () => {
    const batch = [...pending.values()];
    pending = new Map();
    if (batch.length > 0) await write(batch).catch(() => {});
  };
  const flush = () => (flushing = flushing.then(flushNow));
  const timer = setInterval(() => void flush(), 5000);
  timer.unref();
  return {
    note(siteId: string, origin: string, at: number) {
      const key = `${siteId} ${origin}`;
      const seen = pending.get(key);
      if (seen) {
        seen.last = at;
        seen.loads++;
      } else if (pending.size < 10_000 && origin.length <= 300)
        pending.set(key, { siteId, origin, first: at, last: at, loads: 1 });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The languages after a merge patch (RFC 7396, json-merge-patch: null removes a language or one of
 * its texts). The patch alone is capped by its schema; the languages kept and added together are
 * checked here, with the same code and path as that schema's refusal.
 */
function mergeTranslations(
  current: Wire.Translations,
  change: z.output<typeof UpdateSiteRequest>['translations'],
): Wire.Translations {
  if (change === null || change === undefined) return {};
  const next = mergePatch.apply(structuredClone(current), change) as Wire.Translations;
  if (Object.keys(next).length > LIMITS.translations)
    throw new ServiceError('invalid_request', { issues: [{ path: 'translations', message: TOO_MANY_TRANSLATIONS }] });
  return next;
}

export interface SiteServiceDeps {
  store: SiteStore;
  tenants: Pick<TenantService, 'require' | 'requireLive'>;
  bots: Pick<BotService, 'assertExists'>;
  bus: InvalidationBus;
  clock: Clock;
  /** The service's public URL, for embed snippets. */
  publicUrl: string;
  /** How long a resolved site stays cached, ms. */
  cacheTtlMs: number;
}

export class SiteService {
  private readonly cache: SiteCache;
  private readonly originsSeen: ReturnType<typeof createOriginsSeen>;

  constructor(private readonly deps: SiteServiceDeps) {
    this.originsSeen = createOriginsSeen((batch) => deps.store.recordOrigins(batch, MAX_ORIGINS_PER_SITE));
    this.cache = createSiteCache((key) => deps.store.resolveByKey(key), deps.clock, deps.cacheTtlMs);
    deps.bus.subscribe({
      apply: (e) => {
        if (e.kind === 'site') this.cache.invalidate(e.siteKey);
        else if (e.kind === 'tenant') this.cache.invalidateTenant(e.tenantId);
      },
      resync: () => this.cache.clear(),
    });
  }

  /** The site behind a public key, with what the browser-facing routes need (cached). */
  resolve(siteKey: string): ResolvedSite | null | Promise<ResolvedSite | null> {
    return this.cache.get(siteKey);
  }

  /** The site if it is already cached; never loads (for answers that must not cost a lookup). */
  peek(siteKey: string): ResolvedSite | undefined {
    return this.cache.peek(siteKey);
  }

  async create(tenantId: string | undefined, body: z.output<typeof CreateSiteRequest>): Promise<Wire.Site> {
    const tenant = await this.deps.tenants.requireLive(tenantId);
    await this.deps.bots.assertExists(tenant, body.botId);
    const site = await this.deps.store.insert(
      {
        id: newId('site'),
        tenantId: tenant.id,
        siteKey: newId('siteKey'),
        name: body.name,
        allowedOrigins: [...new Set(body.allowedOrigins)],
        botId: body.botId,
        theme: body.theme ?? {},
        title: body.title ?? body.name,
        subtitle: body.subtitle ?? null,
        greeting: body.greeting ?? null,
        starterPrompts: body.starterPrompts ?? [],
        locale: body.locale ?? null,
        translations: body.translations ?? {},
        identityRequired: body.identityRequired ?? false,
        identityAdopt: body.identityAdopt ?? true,
      },
      this.deps.clock.now(),
    );
    return this.view(site);
  }

  async list(tenantId: string | undefined): Promise<Wire.Site[]> {
    const tenant = await this.deps.tenants.require(tenantId);
    return (await this.deps.store.list(tenant.id)).map((s) => this.view(s));
  }

  async get(siteId: string | undefined): Promise<Wire.Site> {
    return this.view(await this.load(siteId));
  }

  /**
   * Apply a merge patch: fields not named are kept; a theme setting set to null is removed, and so is
   * a language (or one of its texts) inside `translations`.
   */
  async update(siteId: string | undefined, body: z.output<typeof UpdateSiteRequest>): Promise<Wire.Site> {
    const site = await this.load(siteId);
    const { theme, translations, ...fields } = body;
    const patch: SitePatch = defined(fields);
    if (patch.allowedOrigins) patch.allowedOrigins = [...new Set(patch.allowedOrigins)];
    if (theme !== undefined)
      patch.theme = theme === null ? {} : (mergePatch.apply(structuredClone(site.theme), defined(theme)) as Wire.Theme);
    if (translations !== undefined) patch.translations = mergeTranslations(site.translations, translations);
    if (body.botId !== undefined && body.botId !== site.botId) {
      await this.deps.bots.assertExists(await this.deps.tenants.require(site.tenantId), body.botId);
    }
    return this.change(site, patch);
  }

  /** A new site key; the old one, and every session minted with it, stop at once. */
  async rotateKey(siteId: string | undefined): Promise<Wire.Site> {
    return this.change(await this.load(siteId), { siteKey: newId('siteKey') });
  }

  private async change(site: SiteRecord, patch: SitePatch): Promise<Wire.Site> {
    const updated = await this.deps.store.update(site.id, patch, this.deps.clock.now());
    if (!updated) throw new ServiceError('not_found', { message: 'No such site.' });
    await this.deps.bus.publish({ kind: 'site', siteKey: site.siteKey }); // check: cache-invalidate-site-update, cache-invalidate-key-rotation
    return this.view(updated);
  }

  /** A site of this tenant (another tenant's site id is not found). */
  async getOfTenant(tenantId: string, siteId: string | undefined): Promise<Wire.Site> {
    return this.view(await this.loadOfTenant(tenantId, siteId));
  }

  async updateOfTenant(
    tenantId: string,
    siteId: string | undefined,
    body: z.output<typeof UpdateSiteRequest>,
  ): Promise<Wire.Site> {
    const site = await this.loadOfTenant(tenantId, siteId);
    return this.update(site.id, body);
  }

  /** Where the site's widget was loaded from (the installation check), most recent first. */
  async installStatus(tenantId: string, siteId: string | undefined): Promise<Wire.InstallStatus> {
    const site = await this.loadOfTenant(tenantId, siteId);
    await this.originsSeen.flush();
    const origins = await this.deps.store.originsOf(site.id);
    return {
      siteId: site.id as Wire.InstallStatus['siteId'],
      siteKey: site.siteKey as Wire.InstallStatus['siteKey'],
      embedSnippet: embedSnippet(this.deps.publicUrl, site.siteKey),
      allowedOrigins: site.allowedOrigins,
      origins: origins.map((o) => ({ ...o, allowed: site.allowedOrigins.includes(o.origin) })),
    };
  }

  /** The widget of a site was loaded from `origin` (its config asked for); counted in memory, written every few seconds. */
  noteOrigin(siteId: string, origin: string): void {
    this.originsSeen.note(siteId, origin, this.deps.clock.now());
  }

  close(): Promise<void> {
    return this.originsSeen.close();
  }

  private async loadOfTenant(tenantId: string, siteId: string | undefined): Promise<SiteRecord> {
    const site = await this.load(siteId);
    if (site.tenantId !== tenantId) throw new ServiceError('not_found', { message: 'No such site.' }); // check: site-tenant-scope
    return site;
  }

  private async load(id: string | undefined): Promise<SiteRecord> {
    if (!id || !SiteId.safeParse(id).success) throw new ServiceError('not_found', { message: 'No such site.' });
    const site = await this.deps.store.get(id);
    if (!site) throw new ServiceError('not_found', { message: 'No such site.' });
    return site;
  }

  private view(site: SiteRecord): Wire.Site {
    return { ...site, embedSnippet: embedSnippet(this.deps.publicUrl, site.siteKey) }; // check: snippet-public-url
  }
}
