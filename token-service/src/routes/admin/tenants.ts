/**
 * Admin: tenants and their bots. Creating a tenant creates its ChatBotKit sub-account first and
 * stores the returned id; that id never appears in a response. Deleting suspends (and hides) the
 * tenant; the sub-account is deleted upstream only when `purgeUpstream=true` is asked for.
 */
import { Hono } from 'hono';
import {
  CreateBotRequest,
  CreateTenantRequest,
  DeleteTenantQuery,
  TenantId,
  UpdateTenantRequest,
  type Wire,
} from '@tessera/protocol';
import type { AppDeps, AppEnv } from '../../env.js';
import { ServiceError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { readJson } from '../../lib/json-body.js';
import { getTenant, insertTenant, listTenants, publicTenant, updateTenant } from '../../store/tenants.js';
import type { UpstreamBot } from '../../upstream/client.js';
import { viaUpstream } from '../../upstream/errors.js';

export async function loadTenant(deps: AppDeps, id: string | undefined) {
  if (!id || !TenantId.safeParse(id).success) throw new ServiceError('tenant_not_found');
  const tenant = await getTenant(deps.db, id);
  if (!tenant) throw new ServiceError('tenant_not_found');
  return tenant;
}

const toBot = (b: UpstreamBot): Wire.Bot => ({
  id: b.id,
  name: b.name ?? null,
  description: b.description ?? null,
  model: b.model ?? null,
  createdAt: b.createdAt ?? 0,
});

export function tenantRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const body = await readJson(c, CreateTenantRequest);
    const id = newId('tenant');
    const user = await viaUpstream(
      deps.upstream.createUser({
        name: body.name,
        ...(body.email ? { email: body.email } : {}),
        meta: { tesseraTenantId: id },
      }),
    );
    try {
      const tenant = await insertTenant(deps.db, {
        id,
        name: body.name,
        upstreamUserId: user.id,
        messagesPerDay: body.quotas?.messagesPerDay ?? null,
        now: deps.clock.now(),
      });
      return c.json(publicTenant(tenant), 201);
    } catch (err) {
      // Do not leave an orphaned sub-account behind when our own write fails.
      await deps.upstream.deleteUser(user.id).catch(() => {});
      throw err;
    }
  });

  app.get('/', async (c) => {
    const includeDeleted = c.req.query('includeDeleted') === 'true';
    const tenants = await listTenants(deps.db, { includeDeleted });
    return c.json({ items: tenants.map(publicTenant) });
  });

  app.get('/:tenantId', async (c) => c.json(publicTenant(await loadTenant(deps, c.req.param('tenantId')))));

  app.patch('/:tenantId', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    const body = await readJson(c, UpdateTenantRequest);
    if (tenant.deletedAt !== null && body.status === 'active') {
      throw new ServiceError('conflict', { message: 'A deleted tenant cannot be reactivated.' });
    }
    const updated = await updateTenant(
      deps.db,
      tenant.id,
      {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
        ...(body.quotas?.messagesPerDay !== undefined ? { messagesPerDay: body.quotas.messagesPerDay } : {}),
      },
      deps.clock.now(),
    );
    await deps.invalidate.publish({ kind: 'tenant', tenantId: tenant.id });
    return c.json(publicTenant(updated!));
  });

  app.delete('/:tenantId', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    const query = DeleteTenantQuery.safeParse(c.req.query());
    if (!query.success) throw new ServiceError('invalid_request', { message: 'purgeUpstream must be true or false.' });
    const now = deps.clock.now();
    const updated = await updateTenant(deps.db, tenant.id, { status: 'suspended', deletedAt: tenant.deletedAt ?? now }, now);
    await deps.invalidate.publish({ kind: 'tenant', tenantId: tenant.id });
    if (query.data.purgeUpstream === 'true') await viaUpstream(deps.upstream.deleteUser(tenant.upstreamUserId));
    return c.json(publicTenant(updated!));
  });

  app.post('/:tenantId/bots', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    if (tenant.deletedAt !== null) throw new ServiceError('tenant_suspended');
    const body = await readJson(c, CreateBotRequest);
    const { id } = await viaUpstream(deps.upstream.createBot(tenant.upstreamUserId, body));
    const bot = await viaUpstream(deps.upstream.fetchBot(tenant.upstreamUserId, id));
    return c.json(toBot(bot), 201);
  });

  app.get('/:tenantId/bots', async (c) => {
    const tenant = await loadTenant(deps, c.req.param('tenantId'));
    const bots = await viaUpstream(deps.upstream.listBots(tenant.upstreamUserId));
    return c.json({ items: bots.map(toBot) });
  });

  return app;
}
