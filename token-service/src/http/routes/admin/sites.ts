/** Admin: sites, where a tenant's widget runs (sites/site-service.ts). */
import { CreateSiteRequest, listOf, Site, UpdateSiteRequest } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { BODY_ERRORS, mount, route, UPSTREAM_ERRORS } from '../../spec.js';
import { json } from '../../response.js';
import { TENANT } from './tenants.js';

const SITE = '/admin/v1/sites/{siteId}';
const BOT_CHECK_ERRORS = ['bot_not_found', ...UPSTREAM_ERRORS] as const;

export const createSite = route({
  id: 'createSite',
  method: 'post',
  path: `${TENANT}/sites`,
  tag: 'Sites',
  summary: 'Create a site: returns its public site key and the snippet to paste',
  auth: 'admin',
  body: CreateSiteRequest,
  answers: { 201: { description: 'The site, with its embed snippet', schema: Site } },
  errors: [...BODY_ERRORS, ...BOT_CHECK_ERRORS, 'tenant_not_found', 'tenant_suspended'],
});

export const listSites = route({
  id: 'listSites',
  method: 'get',
  path: `${TENANT}/sites`,
  tag: 'Sites',
  summary: "The tenant's sites",
  auth: 'admin',
  answers: { 200: { description: 'Sites, oldest first', schema: listOf(Site) } },
  errors: ['tenant_not_found'],
});

export const getSite = route({
  id: 'getSite',
  method: 'get',
  path: SITE,
  tag: 'Sites',
  summary: 'Show a site',
  auth: 'admin',
  answers: { 200: { description: 'The site', schema: Site } },
  errors: ['not_found'],
});

export const updateSite = route({
  id: 'updateSite',
  method: 'patch',
  path: SITE,
  tag: 'Sites',
  summary: 'Change a site: origins, bot, texts, theme, status, signed-in visitors',
  description:
    'A JSON merge patch (RFC 7396, `application/merge-patch+json` or `application/json`): fields not named are kept; inside `theme`, a setting set to `null` is removed; `subtitle`, `greeting` or `locale` set to `null` is removed; inside `translations`, a language set to `null` is removed, and so is one of its texts (`{"fr":{"greeting":null}}`); lists are replaced as a whole. A site has at most 20 languages. `identityRequired` lets only signed-in visitors chat; `identityAdopt` (default true) gives a signed-in user the conversation they started before signing in. The change takes effect on every replica at once.',
  auth: 'admin',
  body: UpdateSiteRequest,
  answers: { 200: { description: 'The site as changed', schema: Site } },
  errors: [...BODY_ERRORS, ...BOT_CHECK_ERRORS, 'not_found'],
});

export const rotateSiteKey = route({
  id: 'rotateSiteKey',
  method: 'post',
  path: `${SITE}/rotate-key`,
  tag: 'Sites',
  summary: 'Give the site a new key; the old one and its sessions stop at once',
  auth: 'admin',
  answers: { 200: { description: 'The site with its new key and snippet', schema: Site } },
  errors: ['not_found'],
});

export function siteRoutes(app: Hono<AppEnv>, { sites }: AppDeps) {
  mount(app, createSite, async (c, { body }) => json(c, await sites.create(c.req.param('tenantId'), body), 201));
  mount(app, listSites, async (c) => json(c, { items: await sites.list(c.req.param('tenantId')) }));
  mount(app, getSite, async (c) => json(c, await sites.get(c.req.param('siteId'))));
  mount(app, updateSite, async (c, { body }) => json(c, await sites.update(c.req.param('siteId'), body)));
  mount(app, rotateSiteKey, async (c) => json(c, await sites.rotateKey(c.req.param('siteId'))));
}
