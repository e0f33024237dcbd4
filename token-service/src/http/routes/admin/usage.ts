/** Admin: a tenant's usage per UTC day (usage/usage-service.ts). */
import { Usage, UsageQuery } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { mount, route } from '../../spec.js';
import { json } from '../../response.js';
import { TENANT } from './tenants.js';

export const getUsage = route({
  id: 'getUsage',
  method: 'get',
  path: `${TENANT}/usage`,
  tag: 'Usage',
  summary: 'Sessions, conversations and messages per UTC day (default: the last 30 days)',
  auth: 'admin',
  query: UsageQuery,
  answers: { 200: { description: 'Days with any use, and the totals', schema: Usage } },
  errors: ['invalid_request', 'tenant_not_found'],
});

export function usageRoutes(app: Hono<AppEnv>, { usage }: AppDeps) {
  mount(app, getUsage, async (c, { query }) => json(c, await usage.report(c.req.param('tenantId'), query)));
}
