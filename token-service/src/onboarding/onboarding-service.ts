/**
 * Onboarding: a customer's tenant (with its sub-account), bot and site in one step. It either
 * completes or undoes what it created: a failure after the tenant exists removes the tenant, its
 * rows and its sub-account (the bot goes with the sub-account), and the failure is reported as it
 * happened. Every input is validated (by the request schema) before anything is created.
 */
import type { OnboardCustomerRequest, OnboardingRequest, Wire } from '@tessera/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { BotService } from '../bots/bot-service.js';
import type { MemberService } from '../members/member-service.js';
import type { SiteService } from '../sites/site-service.js';
import type { TenantService } from '../tenants/tenant-service.js';

export interface OnboardingServiceDeps {
  tenants: Pick<TenantService, 'create' | 'undoCreate'>;
  bots: Pick<BotService, 'create'>;
  sites: Pick<SiteService, 'create'>;
  members: Pick<MemberService, 'invite'>;
  logger: Logger;
}

export class OnboardingService {
  constructor(private readonly deps: OnboardingServiceDeps) {}

  async onboard(body: z.output<typeof OnboardingRequest>): Promise<Wire.Onboarding> {
    const { invite: _none, ...done } = await this.onboardCustomer(body);
    return done;
  }

  /** The same, and when `owner` is given, the first member (an owner) with their invite link. */
  async onboardCustomer(body: z.output<typeof OnboardCustomerRequest>): Promise<Wire.OnboardCustomer> {
    const tenant = await this.deps.tenants.create(body.tenant);
    try {
      const bot = await this.deps.bots.create(tenant.id, { ...body.bot, name: body.bot?.name ?? `${tenant.name} assistant` });
      const site = await this.deps.sites.create(tenant.id, { ...body.site, name: body.site.name ?? tenant.name, botId: bot.id });
      const invite = body.owner ? await this.deps.members.invite(tenant.id, { email: body.owner.email, role: 'owner' }) : null;
      return { tenant, bot, site, invite };
    } catch (err) {
      await this.deps.tenants.undoCreate(tenant.id).catch((undo: Error) => {
        // The original failure is what the caller needs; this line says what is left to clean up.
        this.deps.logger.error({ tenant: tenant.id, error: { message: undo.message } }, 'onboarding: could not undo the tenant');
      });
      throw err;
    }
  }
}
