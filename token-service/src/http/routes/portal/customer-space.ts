/**
 * The customer's own space (portal, tenant-scoped) and the partner's conversation routes (admin
 * API): usage, the conversations inbox, transcripts, delete and export; a site's widget settings
 * and installation check, and its identity keys (signed-in visitors); the bot. A viewer reads; an
 * editor changes widget and bot settings and deletes conversations; an owner manages identity keys.
 * Every route is scoped to its tenant by `portalAccess` (http/spec.ts) and again in the services'
 * lookups.
 */
import {
  AddIdentityKeyRequest,
  Bot,
  CreateIdentitySecretRequest,
  ExportQuery,
  IdentityKey,
  IdentityKeyList,
  IdentitySecret,
  InboxPage,
  InboxQuery,
  InstallStatus,
  listOf,
  Site,
  Transcript,
  UpdateBotRequest,
  UpdateWidgetRequest,
  Usage,
  UsageQuery,
} from '@tessera/protocol';
import type { Context, Hono } from 'hono';
import { toCsv } from '../../../conversations/inbox-service.js';
import type { AppDeps, AppEnv } from '../../context.js';
import { clientGone } from '../../node-request.js';
import { answer, json } from '../../response.js';
import { BODY_ERRORS, mount, type RouteSpec, route, UPSTREAM_ERRORS } from '../../spec.js';

const TENANT = '/portal/api/tenants/{tenantId}';
const TAG = "Portal: the customer's space";
const viewer = { role: 'viewer' } as const;
const editor = { role: 'editor' } as const;
/** Transcripts and exports are read once and never kept by a cache. */
const PRIVATE = { 'cache-control': 'no-store' };

export const portalUsage = route({
  id: 'portalUsage',
  method: 'get',
  path: `${TENANT}/usage`,
  tag: TAG,
  summary: 'Sessions, conversations and messages per UTC day (default: the last 30 days)',
  auth: 'portal',
  access: viewer,
  query: UsageQuery,
  answers: { 200: { description: 'Usage', schema: Usage } },
  errors: ['invalid_request'],
});

function conversationSpecs(base: string, auth: 'portal' | 'admin', tag: string) {
  const portal = auth === 'portal';
  const name = (id: string) => (portal ? `portal${id[0]!.toUpperCase()}${id.slice(1)}` : id);
  return {
    list: route({
      id: name('listTenantConversations'),
      method: 'get',
      path: `${base}/conversations`,
      tag,
      summary:
        "A customer's conversations, newest first: filter by site, dates, outcome, text, signed-in user (`user`: their subject); page with `cursor`",
      auth,
      ...(portal ? { access: viewer } : {}),
      query: InboxQuery,
      answers: { 200: { description: 'A page of conversations', schema: InboxPage } },
      errors: ['invalid_request', 'tenant_not_found'],
    }),
    transcript: route({
      id: name('getTenantTranscript'),
      method: 'get',
      path: portal ? `${base}/conversations/{conversationId}` : `${base}/conversations/{conversationId}/messages`,
      tag,
      summary: "A conversation's messages in order, read from ChatBotKit as the customer's sub-account",
      auth,
      ...(portal ? { access: viewer } : {}),
      answers: { 200: { description: 'The transcript', schema: Transcript } },
      errors: ['tenant_not_found', 'conversation_not_found', ...UPSTREAM_ERRORS],
    }),
  };
}

export const portalConversations = conversationSpecs(TENANT, 'portal', TAG);
export const adminConversations = conversationSpecs('/admin/v1/tenants/{tenantId}', 'admin', 'Conversations');

export const deleteConversation = route({
  id: 'portalDeleteConversation',
  method: 'delete',
  path: `${TENANT}/conversations/{conversationId}`,
  tag: TAG,
  summary: 'Delete a conversation, at ChatBotKit and here',
  auth: 'portal',
  access: editor,
  answers: { 204: { description: 'Deleted' } },
  errors: ['conversation_not_found', ...UPSTREAM_ERRORS],
});

export const exportConversations = route({
  id: 'portalExportConversations',
  method: 'get',
  // Not conversations/export: a static segment beside conversations/{conversationId} makes Hono fall
  // back from its RegExpRouter to the slower TrieRouter for every route (app.test.ts checks).
  path: `${TENANT}/exports/conversations`,
  tag: TAG,
  summary: 'The conversations started in a date range (UTC days, inclusive), as CSV or JSON (at most 10,000)',
  description: 'CSV cells a spreadsheet would run as a formula (`=HYPERLINK(…)`) start with an apostrophe.',
  auth: 'portal',
  access: viewer,
  query: ExportQuery,
  answers: { 200: { description: 'The file (CSV, or JSON with `format=json`)', contentType: 'text/csv' } },
  errors: ['invalid_request'],
});

export const listWidgets = route({
  id: 'portalListSites',
  method: 'get',
  path: `${TENANT}/sites`,
  tag: TAG,
  summary: "The customer's sites",
  auth: 'portal',
  access: viewer,
  answers: { 200: { description: 'Sites', schema: listOf(Site) } },
  errors: [],
});

export const getWidget = route({
  id: 'portalGetSite',
  method: 'get',
  path: `${TENANT}/sites/{siteId}`,
  tag: TAG,
  summary: "A site's widget settings",
  auth: 'portal',
  access: viewer,
  answers: { 200: { description: 'The site', schema: Site } },
  errors: ['not_found'],
});

export const updateWidget = route({
  id: 'portalUpdateSite',
  method: 'patch',
  path: `${TENANT}/sites/{siteId}`,
  tag: TAG,
  summary:
    "Change a site's widget: texts (per language too), locale, allowed origins, theme, signed-in visitors (a merge patch: fields not sent are kept)",
  auth: 'portal',
  access: editor,
  body: UpdateWidgetRequest,
  answers: { 200: { description: 'The site as changed', schema: Site } },
  errors: [...BODY_ERRORS, 'not_found'],
});

export const installStatus = route({
  id: 'portalInstallStatus',
  method: 'get',
  path: `${TENANT}/sites/{siteId}/install`,
  tag: TAG,
  summary:
    'The installation check: the snippet, and the origins the widget was loaded from (allowed or not), first and last seen',
  auth: 'portal',
  access: viewer,
  answers: { 200: { description: 'The status', schema: InstallStatus } },
  errors: ['not_found'],
});

/**
 * Signed-in visitors (docs/identity.md): the site's identity secret and public keys. Only owners
 * change them: whoever holds a secret can sign in as any user of the site and read their
 * conversations. Anyone of the customer sees the list (it never holds a secret).
 */
const owner = { role: 'owner' } as const;
const IDENTITY = `${TENANT}/sites/{siteId}`;

export const createIdentitySecret = route({
  id: 'portalCreateIdentitySecret',
  method: 'post',
  path: `${IDENTITY}/identity-secret`,
  tag: TAG,
  summary:
    "A new identity secret for the site, shown once; the site's earlier secrets keep verifying for `graceSeconds` (default a day)",
  auth: 'portal',
  access: owner,
  body: CreateIdentitySecretRequest,
  bodyOptional: true,
  answers: { 201: { description: 'The secret (not shown again)', schema: IdentitySecret } },
  errors: [...BODY_ERRORS, 'not_found', 'conflict'],
});

export const addIdentityKey = route({
  id: 'portalAddIdentityKey',
  method: 'post',
  path: `${IDENTITY}/identity-keys`,
  tag: TAG,
  summary: "Register the customer's public key (Ed25519 for EdDSA, P-256 for ES256) to verify identity tokens with",
  auth: 'portal',
  access: owner,
  body: AddIdentityKeyRequest,
  answers: { 201: { description: 'The key', schema: IdentityKey } },
  errors: [...BODY_ERRORS, 'not_found', 'conflict'],
});

export const listIdentityKeys = route({
  id: 'portalListIdentityKeys',
  method: 'get',
  path: `${IDENTITY}/identity-keys`,
  tag: TAG,
  summary: "The site's identity keys that verify now, oldest first (never a secret)",
  auth: 'portal',
  access: viewer,
  answers: { 200: { description: 'The keys', schema: IdentityKeyList } },
  errors: ['not_found'],
});

export const removeIdentityKey = route({
  id: 'portalRemoveIdentityKey',
  method: 'delete',
  path: `${IDENTITY}/identity-keys/{kid}`,
  tag: TAG,
  summary: 'Remove an identity key: tokens it signed stop verifying at once',
  auth: 'portal',
  access: owner,
  answers: { 204: { description: 'Removed' } },
  errors: ['not_found'],
});

export const updateBot = route({
  id: 'portalUpdateBot',
  method: 'patch',
  path: `${TENANT}/bots/{botId}`,
  tag: TAG,
  summary: "Change a bot's name, description or backstory (in the customer's ChatBotKit sub-account)",
  auth: 'portal',
  access: editor,
  body: UpdateBotRequest,
  answers: { 200: { description: 'The bot', schema: Bot } },
  errors: [...BODY_ERRORS, 'bot_not_found', 'tenant_suspended', ...UPSTREAM_ERRORS],
});

export const CUSTOMER_SPACE_ROUTES: RouteSpec[] = [
  portalUsage,
  portalConversations.list,
  exportConversations,
  portalConversations.transcript,
  deleteConversation,
  adminConversations.list,
  adminConversations.transcript,
  listWidgets,
  getWidget,
  updateWidget,
  installStatus,
  createIdentitySecret,
  addIdentityKey,
  listIdentityKeys,
  removeIdentityKey,
  updateBot,
] as RouteSpec[];

export function customerSpaceRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  const { inbox, usage, sites, bots, identity } = deps;
  const tenantId = (c: Context<AppEnv>) => c.req.param('tenantId') ?? '';
  mount(app, portalUsage, async (c, { query }) => json(c, await usage.report(tenantId(c), query)));
  // The export before the transcript: `export` is not a conversation id.
  mount(app, exportConversations, async (c, { query }) => {
    const items = await inbox.export(tenantId(c), query);
    const file = `conversations-${query.from}-to-${query.to}`;
    return query.format === 'json'
      ? json(c, { items }, 200, { ...PRIVATE, 'content-disposition': `attachment; filename="${file}.json"` })
      : answer(c, toCsv(items), 200, {
          ...PRIVATE,
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${file}.csv"`,
        });
  });
  for (const specs of [portalConversations, adminConversations]) {
    mount(app, specs.list, async (c, { query }) => json(c, await inbox.list(tenantId(c), query), 200, PRIVATE));
    mount(app, specs.transcript, async (c) =>
      json(c, await inbox.transcript(tenantId(c), c.req.param('conversationId'), clientGone(c)), 200, PRIVATE),
    );
  }
  mount(app, deleteConversation, async (c) => {
    await inbox.remove(tenantId(c), c.req.param('conversationId'));
    return answer(c, null, 204);
  });
  mount(app, listWidgets, async (c) => json(c, { items: await sites.list(tenantId(c)) }));
  mount(app, getWidget, async (c) => json(c, await sites.getOfTenant(tenantId(c), c.req.param('siteId'))));
  mount(app, updateWidget, async (c, { body }) => json(c, await sites.updateOfTenant(tenantId(c), c.req.param('siteId'), body)));
  mount(app, installStatus, async (c) => json(c, await sites.installStatus(tenantId(c), c.req.param('siteId'))));
  // The site is looked up within the tenant first: another customer's site id is not_found, and nothing changes.
  const siteOf = (c: Context<AppEnv>) => sites.getOfTenant(tenantId(c), c.req.param('siteId'));
  mount(app, createIdentitySecret, async (c, { body }) =>
    json(c, await identity.createSecret(await siteOf(c), body.graceSeconds), 201, PRIVATE),
  );
  mount(app, addIdentityKey, async (c, { body }) => json(c, await identity.addPublicKey(await siteOf(c), body), 201));
  mount(app, listIdentityKeys, async (c) => json(c, await identity.list(await siteOf(c))));
  mount(app, removeIdentityKey, async (c) => {
    await identity.remove(await siteOf(c), c.req.param('kid'));
    return answer(c, null, 204);
  });
  mount(app, updateBot, async (c, { body }) => json(c, await bots.update(tenantId(c), c.req.param('botId'), body)));
}
