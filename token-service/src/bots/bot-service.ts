/**
 * Bots live only upstream, inside a tenant's ChatBotKit sub-account: this service creates and lists
 * them there, and answers whether a bot id belongs to a tenant (a site may only use its own
 * tenant's bots).
 */
import { type CreateBotRequest, UpstreamId, type Wire } from '@tessera/protocol';
import type { z } from 'zod';
import { ServiceError } from '../errors.js';
import type { TenantRecord, TenantService } from '../tenants/tenant-service.js';
import { UpstreamError, type UpstreamBot, type UpstreamClient } from '../upstream/client.js';
import { toServiceError, viaUpstream } from '../upstream/errors.js';

const toBot = (b: UpstreamBot): Wire.Bot => ({
  id: b.id,
  name: b.name ?? null,
  description: b.description ?? null,
  backstory: b.backstory ?? null,
  model: b.model ?? null,
  createdAt: b.createdAt ?? 0,
});

export interface BotServiceDeps {
  tenants: Pick<TenantService, 'require' | 'requireLive'>;
  upstream: Pick<UpstreamClient, 'createBot' | 'fetchBot' | 'listBots' | 'updateBot'>;
}

export class BotService {
  constructor(private readonly deps: BotServiceDeps) {}

  async create(tenantId: string | undefined, body: z.output<typeof CreateBotRequest>): Promise<Wire.Bot> {
    const tenant = await this.deps.tenants.requireLive(tenantId);
    const { id } = await viaUpstream(this.deps.upstream.createBot(tenant.upstreamUserId, body));
    return toBot(await viaUpstream(this.deps.upstream.fetchBot(tenant.upstreamUserId, id)));
  }

  async list(tenantId: string | undefined): Promise<Wire.Bot[]> {
    const tenant = await this.deps.tenants.require(tenantId);
    return (await viaUpstream(this.deps.upstream.listBots(tenant.upstreamUserId))).map(toBot);
  }

  /** Change a bot of the tenant's sub-account (another tenant's bot id is not found: the lookup runs as this tenant). */
  async update(
    tenantId: string,
    botId: string | undefined,
    body: { name?: string | undefined; description?: string | undefined; backstory?: string | undefined },
  ): Promise<Wire.Bot> {
    const tenant = await this.deps.tenants.requireLive(tenantId);
    if (!botId || !UpstreamId.safeParse(botId).success) throw new ServiceError('bot_not_found');
    await this.assertExists(tenant, botId);
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    await viaUpstream(this.deps.upstream.updateBot(tenant.upstreamUserId, botId, changes));
    return toBot(await viaUpstream(this.deps.upstream.fetchBot(tenant.upstreamUserId, botId)));
  }

  /** bot_not_found unless the bot exists in the tenant's sub-account. */
  async assertExists(tenant: TenantRecord, botId: string): Promise<void> {
    try {
      await this.deps.upstream.fetchBot(tenant.upstreamUserId, botId);
    } catch (err) {
      if (err instanceof UpstreamError && (err.failure === 'not_found' || err.failure === 'rejected')) {
        throw new ServiceError('bot_not_found');
      }
      throw toServiceError(err);
    }
  }
}
