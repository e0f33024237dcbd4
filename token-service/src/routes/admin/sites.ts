/**
 * Admin: sites. Creating a site checks that the bot exists in the tenant's sub-account, and returns
 * the public site key with the exact snippet to paste. Every change invalidates the site cache, so
 * a suspension or a key rotation takes effect on the next request.
 */
import { Hono, type Context } from 'hono';
import { CreateSiteRequest, SiteId, UpdateSiteRequest, type Wire } from '@tessera/protocol';
import type { AppDeps, AppEnv } from '../../env.js';
import { ServiceError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { readJson } from '../../lib/json-body.js';
import { embedSnippet } from '../../sites/public-config.js';
import { getSite, insertSite, listSites, updateSite, type SiteRecord } from '../../store/sites.js';
import type { TenantRecord } from '../../store/tenants.js';
import { UpstreamError } from '../../upstream/client.js';
import { toServiceError } from '../../upstream/errors.js';
import { loadTenant } from './tenants.js';

function publicUrlOf(deps: AppDeps, c: Context) {
  return deps.config.publicUrl ?? new URL(c.req.url).origin;
}

function withSnippet(deps: AppDeps, c: Context, site: SiteRecord): Wire.Site {
  return { ...site, embedSnippet: embedSnippet(publicUrlOf(deps, c), site.siteKey) };
}

async function assertBot(deps: AppDeps, tenant: TenantRecord, botId: string) {
  try {
    await deps.upstream.fetchBot(tenant.upstreamUserId, botId);
  } catch (err) {
    if (err instanceof UpstreamError && (err.failure === 'not_found' || err.failure === 'rejected')) {
      throw new ServiceError('bot_not_found');
    }
    throw toServiceError(err);
  }
}

async function loadSite(deps: AppDeps, id: string | undefined) {
  if (!id || !SiteId.safeParse(id).success) throw new ServiceError('not_found', { message: 'No such site.' });
  const site = await getSite(deps.db, id);
  if (!site) throw new ServiceError('not_found', { message: 'No such site.' });
  return site;
}

/** Routes under /admin/v1/tenants/:tenantId/sites */
export function tenantSiteRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    if (tenant.deletedAt !== null) throw new ServiceError('tenant_suspended');
    const body = await readJson(c, CreateSiteRequest);
    await assertBot(deps, tenant, body.botId);
    const site = await insertSite(
      deps.db,
      {
        id: newId('site'),
        tenantId: tenant.id,
        siteKey: newId('siteKey'),
        name: body.name,
        allowedOrigins: [...new Set(body.allowedOrigins)],
        botId: body.botId,
        theme: body.theme ?? {},
        title: body.title ?? body.name,
        greeting: body.greeting ?? null,
        starterPrompts: body.starterPrompts ?? [],
        locale: body.locale ?? null,
      },
      deps.clock.now(),
    );
    return c.json(withSnippet(deps, c, site), 201);
  });

  app.get('/', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    const sites = await listSites(deps.db, tenant.id);
    return c.json({ items: sites.map((s) => withSnippet(deps, c, s)) });
  });

  return app;
}

/** Routes under /admin/v1/sites */
export function siteRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/:siteId', async (c) => c.json(withSnippet(deps, c, await loadSite(deps, c.req.param('siteId')))));

  app.patch('/:siteId', async (c) => {
    const site = await loadSite(deps, c.req.param('siteId'));
    const body = await readJson(c, UpdateSiteRequest);
    if (body.botId !== undefined && body.botId !== site.botId) {
      const tenant = await loadTenant(deps, site.tenantId);
      await assertBot(deps, tenant, body.botId);
    }
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as typeof body;
    if (patch.allowedOrigins) patch.allowedOrigins = [...new Set(patch.allowedOrigins)];
    const updated = await updateSite(deps.db, site.id, patch, deps.clock.now());
    await deps.invalidate.publish({ kind: 'site', siteKey: site.siteKey });
    return c.json(withSnippet(deps, c, updated!));
  });

  app.post('/:siteId/rotate-key', async (c) => {
    const site = await loadSite(deps, c.req.param('siteId'));
    const updated = await updateSite(deps.db, site.id, { siteKey: newId('siteKey') }, deps.clock.now());
    await deps.invalidate.publish({ kind: 'site', siteKey: site.siteKey });
    return c.json(withSnippet(deps, c, updated!));
  });

  return app;
}
