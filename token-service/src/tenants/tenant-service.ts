/**
 * Tenants: a partner's customers. Creating one creates its ChatBotKit sub-account first and undoes
 * that when our own write fails; the sub-account id never leaves this service except toward the
 * upstream. Every change is announced on the invalidation bus, so a suspension takes effect on
 * every replica's next request.
 */
import { type CreateTenantRequest, TenantId, type UpdateTenantRequest, type Wire } from '@tessera/protocol';
import type { z } from 'zod';
import { ServiceError } from '../errors.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { InvalidationBus } from '../platform/invalidation.js';
import type { UpstreamClient } from '../upstream/client.js';
import { viaUpstream } from '../upstream/errors.js';
import type { TenantPatch, TenantRecord, TenantStore } from './store.js';

export type { TenantRecord } from './store.js';

/** The admin API's view of a tenant: everything but the sub-account id. */
export function publicTenant({ upstreamUserId: _hidden, ...tenant }: TenantRecord): Wire.Tenant {
  return tenant;
}

export interface TenantServiceDeps {
  store: TenantStore;
  upstream: Pick<UpstreamClient, 'createUser' | 'deleteUser'>;
  bus: Pick<InvalidationBus, 'publish'>;
  clock: Clock;
}

export class TenantService {
  constructor(private readonly deps: TenantServiceDeps) {}

  async create(body: z.output<typeof CreateTenantRequest>): Promise<Wire.Tenant> {
    const id = newId('tenant');
    const user = await viaUpstream(
      this.deps.upstream.createUser({
        name: body.name,
        ...(body.email ? { email: body.email } : {}),
        meta: { tesseraTenantId: id },
      }),
    );
    try {
      const tenant = await this.deps.store.insert({
        id,
        name: body.name,
        upstreamUserId: user.id,
        messagesPerDay: body.quotas?.messagesPerDay ?? null,
        now: this.deps.clock.now(),
      });
      return publicTenant(tenant);
    } catch (err) {
      // Do not leave an orphaned sub-account behind when our own write fails.
      await this.deps.upstream.deleteUser(user.id).catch(() => {});
      throw err;
    }
  }

  async list(opts: { includeDeleted: boolean }): Promise<Wire.Tenant[]> {
    return (await this.deps.store.list(opts)).map(publicTenant);
  }

  async get(id: string | undefined): Promise<Wire.Tenant> {
    return publicTenant(await this.require(id));
  }

  /** The tenant's full record (with its sub-account), for the other services; tenant_not_found otherwise. */
  async require(id: string | undefined): Promise<TenantRecord> {
    if (!id || !TenantId.safeParse(id).success) throw new ServiceError('tenant_not_found');
    const tenant = await this.deps.store.get(id);
    if (!tenant) throw new ServiceError('tenant_not_found');
    return tenant;
  }

  /** The same, for adding things to a tenant: a deleted tenant takes nothing new. */
  async requireLive(id: string | undefined): Promise<TenantRecord> {
    const tenant = await this.require(id);
    if (tenant.deletedAt !== null) throw new ServiceError('tenant_suspended');
    return tenant;
  }

  async update(id: string | undefined, body: z.output<typeof UpdateTenantRequest>): Promise<Wire.Tenant> {
    const tenant = await this.require(id);
    if (tenant.deletedAt !== null && body.status === 'active') {
      throw new ServiceError('conflict', { message: 'A deleted tenant cannot be reactivated.' });
    }
    const patch: TenantPatch = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.quotas?.messagesPerDay !== undefined ? { messagesPerDay: body.quotas.messagesPerDay } : {}),
    };
    return this.change(tenant, patch);
  }

  /** Suspend and hide; delete the sub-account upstream only when asked (irreversible). */
  async delete(id: string | undefined, opts: { purgeUpstream: boolean }): Promise<Wire.Tenant> {
    const tenant = await this.require(id);
    const updated = await this.change(tenant, { status: 'suspended', deletedAt: tenant.deletedAt ?? this.deps.clock.now() });
    if (opts.purgeUpstream) await viaUpstream(this.deps.upstream.deleteUser(tenant.upstreamUserId));
    return updated;
  }

  /**
   * Undo a tenant that was just created and never went live (a failed onboarding): its rows and its
   * sub-account (with any bot made in it) are removed.
   */
  async undoCreate(id: string): Promise<void> {
    const tenant = await this.deps.store.get(id);
    if (!tenant) return;
    await this.deps.store.removeUnused(id);
    await this.deps.bus.publish({ kind: 'tenant', tenantId: id });
    await viaUpstream(this.deps.upstream.deleteUser(tenant.upstreamUserId));
  }

  private async change(tenant: TenantRecord, patch: TenantPatch): Promise<Wire.Tenant> {
    const updated = await this.deps.store.update(tenant.id, patch, this.deps.clock.now());
    if (!updated) throw new ServiceError('tenant_not_found');
    await this.deps.bus.publish({ kind: 'tenant', tenantId: tenant.id }); // check: cache-invalidate-tenant-update, cache-invalidate-tenant-delete
    return publicTenant(updated);
  }
}
