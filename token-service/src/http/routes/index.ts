/** Every route of the service: the specs (for the OpenAPI document and its tests) and how each group is mounted. */
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import type { RouteSpec } from '../spec.js';
import * as bots from './admin/bots.js';
import * as onboardings from './admin/onboardings.js';
import * as signingKeys from './admin/signing-keys.js';
import { SITE_IDENTITY_ROUTES, siteIdentityRoutes } from './admin/site-identity.js';
import * as sites from './admin/sites.js';
import * as tenants from './admin/tenants.js';
import * as usage from './admin/usage.js';
import * as system from './system.js';
import { CONSOLE_ROUTES, consoleRoutes } from './portal/console.js';
import { CUSTOMER_SPACE_ROUTES, customerSpaceRoutes } from './portal/customer-space.js';
import { PAGE_ROUTES, portalPageRoutes } from './portal/pages.js';
import { PEOPLE_ROUTES, peopleRoutes } from './portal/people.js';
import * as portalSignIn from './portal/sign-in.js';
import * as conversations from './visitor/conversations.js';
import * as sessions from './visitor/sessions.js';

export const ROUTES: RouteSpec[] = [
  system.health,
  system.readiness,
  system.signingKeysPublished,
  system.widgetScript,
  system.widgetAsset,
  system.openapi,
  system.metrics,
  sessions.getConfig,
  sessions.openSession,
  conversations.createConversation,
  conversations.listConversations,
  conversations.getHistory,
  conversations.postMessage,
  conversations.rateAnswer,
  conversations.readAnswer,
  conversations.stopAnswer,
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
  ...SITE_IDENTITY_ROUTES,
  usage.getUsage,
  signingKeys.listSigningKeys,
  signingKeys.rotateSigningKeys,
  portalSignIn.getMe,
  portalSignIn.signInWithPassword,
  portalSignIn.signOut,
  portalSignIn.signOutEverywhere,
  portalSignIn.setPassword,
  portalSignIn.passkeyRegistrationOptions,
  portalSignIn.registerPasskey,
  portalSignIn.listPasskeys,
  portalSignIn.removePasskey,
  portalSignIn.passkeySignInOptions,
  portalSignIn.signInWithPasskey,
  portalSignIn.signInMethods,
  portalSignIn.emailSignInLink,
  ...PEOPLE_ROUTES,
  ...CONSOLE_ROUTES,
  ...CUSTOMER_SPACE_ROUTES,
  ...PAGE_ROUTES,
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
  siteIdentityRoutes(app, deps);
  usage.usageRoutes(app, deps);
  signingKeys.signingKeyRoutes(app, deps);
}

/** The portal's API and pages, and the admin API's people, brand and audit routes (they share their specs). */
export function portalRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  portalSignIn.portalSignInRoutes(app, deps);
  peopleRoutes(app, deps);
  customerSpaceRoutes(app, deps);
  consoleRoutes(app, deps);
  portalPageRoutes(app, deps);
}

export { metricsRoutes, systemRoutes } from './system.js';
export { SITE_PATH } from './visitor/sessions.js';
