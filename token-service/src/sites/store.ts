/** The sites table: where a tenant's widget runs; the public site key is the browser's handle on a site. The SQL, and nothing else. */
import type { Wire } from '@tessera/protocol';
import type { Queryable } from '../platform/db.js';

interface SiteRow {
  id: string;
  tenant_id: string;
  site_key: string;
  name: string;
  status: 'active' | 'suspended';
  allowed_origins: string[];
  bot_id: string;
  theme: Wire.Theme;
  title: string;
  subtitle: string | null;
  greeting: string | null;
  starter_prompts: string[];
  locale: string | null;
  translations: Wire.Translations;
  identity_required: boolean;
  identity_adopt: boolean;
  created_at: number;
  updated_at: number;
}

export type SiteRecord = Omit<Wire.Site, 'embedSnippet'>;

/** What the browser-facing routes need about a site, in one row: cached in memory (sites/cache.ts). */
export interface ResolvedSite extends SiteRecord {
  tenantStatus: 'active' | 'suspended';
  tenantDeleted: boolean;
  upstreamUserId: string;
  messagesPerDay: number | null;
}

const toRecord = (r: SiteRow): SiteRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  siteKey: r.site_key,
  name: r.name,
  status: r.status,
  allowedOrigins: r.allowed_origins,
  botId: r.bot_id,
  theme: r.theme,
  title: r.title,
  subtitle: r.subtitle,
  greeting: r.greeting,
  starterPrompts: r.starter_prompts,
  locale: r.locale,
  translations: r.translations,
  identityRequired: r.identity_required,
  identityAdopt: r.identity_adopt,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface NewSite {
  id: string;
  tenantId: string;
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  botId: string;
  theme: Wire.Theme;
  title: string;
  subtitle: string | null;
  greeting: string | null;
  starterPrompts: string[];
  locale: string | null;
  translations: Wire.Translations;
  identityRequired: boolean;
  identityAdopt: boolean;
}

/** Fields to change; undefined keeps a value, null clears a nullable one. */
export type SitePatch = Partial<Omit<NewSite, 'id' | 'tenantId'>> & { status?: 'active' | 'suspended' };

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export function createSiteStore(db: Queryable) {
  return {
    async insert(s: NewSite, now: number): Promise<SiteRecord> {
      const [row] = await db.query<SiteRow>(
        `INSERT INTO sites (id, tenant_id, site_key, name, status, allowed_origins, bot_id, theme, title,
                            greeting, starter_prompts, locale, translations, created_at, updated_at, subtitle,
                            identity_required, identity_adopt)
         VALUES ($1, $2, $3, $4, 'active', $5::jsonb, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $13::jsonb, $12, $12, $14,
                 $15, $16)
         RETURNING *`,
        [
          s.id,
          s.tenantId,
          s.siteKey,
          s.name,
          JSON.stringify(s.allowedOrigins),
          s.botId,
          JSON.stringify(s.theme),
          s.title,
          s.greeting,
          JSON.stringify(s.starterPrompts),
          s.locale,
          now,
          JSON.stringify(s.translations),
          s.subtitle,
          s.identityRequired,
          s.identityAdopt,
        ],
      );
      return toRecord(row!);
    },

    async get(id: string): Promise<SiteRecord | null> {
      const [row] = await db.query<SiteRow>('SELECT * FROM sites WHERE id = $1', [id]);
      return row ? toRecord(row) : null;
    },

    async list(tenantId: string): Promise<SiteRecord[]> {
      const rows = await db.query<SiteRow>('SELECT * FROM sites WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId]);
      return rows.map(toRecord);
    },

    async update(id: string, patch: SitePatch, now: number): Promise<SiteRecord | null> {
      const [row] = await db.query<SiteRow>(
        `UPDATE sites SET
           site_key = COALESCE($2, site_key),
           name = COALESCE($3, name),
           status = COALESCE($4, status),
           allowed_origins = COALESCE($5::jsonb, allowed_origins),
           bot_id = COALESCE($6, bot_id),
           theme = COALESCE($7::jsonb, theme),
           title = COALESCE($8, title),
           greeting = CASE WHEN $9::boolean THEN $10 ELSE greeting END,
           starter_prompts = COALESCE($11::jsonb, starter_prompts),
           locale = CASE WHEN $12::boolean THEN $13 ELSE locale END,
           translations = COALESCE($15::jsonb, translations),
           subtitle = CASE WHEN $16::boolean THEN $17 ELSE subtitle END,
           identity_required = COALESCE($18, identity_required),
           identity_adopt = COALESCE($19, identity_adopt),
           updated_at = $14
         WHERE id = $1 RETURNING *`,
        [
          id,
          patch.siteKey ?? null,
          patch.name ?? null,
          patch.status ?? null,
          json(patch.allowedOrigins),
          patch.botId ?? null,
          json(patch.theme),
          patch.title ?? null,
          patch.greeting !== undefined,
          patch.greeting ?? null,
          json(patch.starterPrompts),
          patch.locale !== undefined,
          patch.locale ?? null,
          now,
          json(patch.translations),
          patch.subtitle !== undefined,
          patch.subtitle ?? null,
          patch.identityRequired ?? null,
          patch.identityAdopt ?? null,
        ],
      );
      return row ? toRecord(row) : null;
    },

    /**
     * Add loads seen from origins (the installation check). A site keeps at most `max` origins: a
     * stranger sending made-up Origin headers cannot grow it without end.
     */
    async recordOrigins(seen: { siteId: string; origin: string; first: number; last: number; loads: number }[], max: number) {
      for (const o of seen) {
        await db.query(
          `INSERT INTO site_origins (site_id, origin, first_seen_at, last_seen_at, loads)
           SELECT $1, $2, $3, $4, $5
            WHERE EXISTS (SELECT 1 FROM site_origins WHERE site_id = $1 AND origin = $2)
               OR (SELECT count(*) FROM site_origins WHERE site_id = $1) < $6
           ON CONFLICT (site_id, origin) DO UPDATE SET
             last_seen_at = GREATEST(site_origins.last_seen_at, EXCLUDED.last_seen_at),
             loads = site_origins.loads + EXCLUDED.loads`,
          [o.siteId, o.origin, o.first, o.last, o.loads, max],
        );
      }
    },

    async originsOf(siteId: string) {
      const rows = await db.query<{ origin: string; first_seen_at: number; last_seen_at: number; loads: number }>(
        'SELECT origin, first_seen_at, last_seen_at, loads FROM site_origins WHERE site_id = $1 ORDER BY last_seen_at DESC, origin',
        [siteId],
      );
      return rows.map((r) => ({
        origin: r.origin,
        firstSeenAt: r.first_seen_at,
        lastSeenAt: r.last_seen_at,
        loads: Number(r.loads),
      }));
    },

    async resolveByKey(siteKey: string): Promise<ResolvedSite | null> {
      const [row] = await db.query<
        SiteRow & {
          tenant_status: 'active' | 'suspended';
          tenant_deleted_at: number | null;
          upstream_user_id: string;
          messages_per_day: number | null;
        }
      >(
        `SELECT s.*, t.status AS tenant_status, t.deleted_at AS tenant_deleted_at,
                t.upstream_user_id, t.messages_per_day
           FROM sites s JOIN tenants t ON t.id = s.tenant_id
          WHERE s.site_key = $1`,
        [siteKey],
      );
      if (!row) return null;
      return {
        ...toRecord(row),
        tenantStatus: row.tenant_status,
        tenantDeleted: row.tenant_deleted_at !== null,
        upstreamUserId: row.upstream_user_id,
        messagesPerDay: row.messages_per_day,
      };
    },
  };
}

export type SiteStore = ReturnType<typeof createSiteStore>;
