/** Every route of the service: the specs (for the OpenAPI document and its tests) and how each group is mounted. */
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import type { RouteSpec } from '../spec.js';
import * as bots from './admin/bots.js';
import * as onboardings from './admin/onboardings.js';
import * as signingKeys from './admin/signing-keys.js';
import * as sites from './admin/sites.js';
import * as tenants from './admin/tenants.js';
import * as usage from './admin/usage.js';
import * as system from './system.js';
import * as conversations from './visitor/conversations.js';
import * as sessions from './visitor/sessions.js';

export const ROUTES: RouteSpec[] = [
  system.health,
  system.readiness,
  system.signingKeysPublished,
  system.widgetScript,
  system.openapi,
  system.metrics,
  sessions.getConfig,
  sessions.openSession,
  conversations.createConversation,
  conversations.listConversations,
  conversations.getHistory,
  conversations.postMessage,
  onboardings.onboard,
  tenants.createTenant,
  tenants.listTenants,
  tenants.getTenant,
  tenants.updateTenant,
  tenants.deleteTenant,
  bots.createBot,
  bots.listBots,
  sites.createSite,
  sites.listSites,
  sites.getSite,
  sites.updateSite,
  sites.rotateSiteKey,
  usage.getUsage,
  signingKeys.listSigningKeys,
  signingKeys.rotateSigningKeys,
] as RouteSpec[];

export function visitorRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  sessions.sessionRoutes(app, deps);
  conversations.conversationRoutes(app, deps);
}

export function adminRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  onboardings.onboardingRoutes(app, deps);
  tenants.tenantRoutes(app, deps);
  bots.botRoutes(app, deps);
  sites.siteRoutes(app, deps);
  usage.usageRoutes(app, deps);
  signingKeys.signingKeyRoutes(app, deps);
}

export { metricsRoutes, systemRoutes } from './system.js';
export { SITE_PATH } from './visitor/sessions.js';
