/** Admin: a tenant's bots, which live in its ChatBotKit sub-account (bots/bot-service.ts). */
import { Bot, CreateBotRequest, listOf } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { UPSTREAM_ERRORS, mount, route } from '../../spec.js';
import { json } from '../../response.js';
import { TENANT } from './tenants.js';

export const createBot = route({
  id: 'createBot',
  method: 'post',
  path: `${TENANT}/bots`,
  tag: 'Bots',
  summary: "Create a bot in the tenant's sub-account",
  auth: 'admin',
  body: CreateBotRequest,
  answers: { 201: { description: 'The bot', schema: Bot } },
  errors: [
    'invalid_request',
    'invalid_json',
    'unsupported_media_type',
    'payload_too_large',
    'tenant_not_found',
    'tenant_suspended',
    ...UPSTREAM_ERRORS,
  ],
});

export const listBots = route({
  id: 'listBots',
  method: 'get',
  path: `${TENANT}/bots`,
  tag: 'Bots',
  summary: "The bots in the tenant's sub-account",
  auth: 'admin',
  answers: { 200: { description: 'Bots', schema: listOf(Bot) } },
  errors: ['tenant_not_found', ...UPSTREAM_ERRORS],
});

export function botRoutes(app: Hono<AppEnv>, { bots }: AppDeps) {
  mount(app, createBot, async (c, { body }) => json(c, await bots.create(c.req.param('tenantId'), body), 201));
  mount(app, listBots, async (c) => json(c, { items: await bots.list(c.req.param('tenantId')) }));
}
