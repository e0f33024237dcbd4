/** Admin: tenants (the rules live in tenants/tenant-service.ts). */
import { CreateTenantRequest, DeleteTenantQuery, ListTenantsQuery, listOf, Tenant, UpdateTenantRequest } from '@tessera/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.js';
import { BODY_ERRORS, UPSTREAM_ERRORS, mount, route } from '../../spec.js';
import { json } from '../../response.js';

export const TENANTS = '/admin/v1/tenants';
export const TENANT = `${TENANTS}/{tenantId}`;

export const createTenant = route({
  id: 'createTenant',
  method: 'post',
  path: TENANTS,
  tag: 'Tenants',
  summary: 'Create a tenant and its ChatBotKit sub-account',
  auth: 'admin',
  body: CreateTenantRequest,
  answers: { 201: { description: 'The tenant', schema: Tenant } },
  errors: [...BODY_ERRORS, ...UPSTREAM_ERRORS],
});

export const listTenants = route({
  id: 'listTenants',
  method: 'get',
  path: TENANTS,
  tag: 'Tenants',
  summary: 'List tenants (deleted ones only with includeDeleted=true)',
  auth: 'admin',
  query: ListTenantsQuery,
  answers: { 200: { description: 'Tenants, oldest first', schema: listOf(Tenant) } },
  errors: ['invalid_request'],
});

export const getTenant = route({
  id: 'getTenant',
  method: 'get',
  path: TENANT,
  tag: 'Tenants',
  summary: 'Show a tenant',
  auth: 'admin',
  answers: { 200: { description: 'The tenant', schema: Tenant } },
  errors: ['tenant_not_found'],
});

export const updateTenant = route({
  id: 'updateTenant',
  method: 'patch',
  path: TENANT,
  tag: 'Tenants',
  summary: 'Rename, suspend or reactivate, or set the daily message quota (null: none)',
  description: 'A JSON merge patch (RFC 7396): fields not named are kept.',
  auth: 'admin',
  body: UpdateTenantRequest,
  answers: { 200: { description: 'The tenant as changed', schema: Tenant } },
  errors: [...BODY_ERRORS, 'tenant_not_found', 'conflict'],
});

export const deleteTenant = route({
  id: 'deleteTenant',
  method: 'delete',
  path: TENANT,
  tag: 'Tenants',
  summary: 'Suspend and hide a tenant; with purgeUpstream=true also delete its sub-account',
  auth: 'admin',
  query: DeleteTenantQuery,
  answers: { 200: { description: 'The tenant as deleted', schema: Tenant } },
  errors: ['invalid_request', 'tenant_not_found', ...UPSTREAM_ERRORS],
});

export function tenantRoutes(app: Hono<AppEnv>, { tenants }: AppDeps) {
  mount(app, createTenant, async (c, { body }) => json(c, await tenants.create(body), 201));
  mount(app, listTenants, async (c, { query }) =>
    json(c, { items: await tenants.list({ includeDeleted: query.includeDeleted === 'true' }) }),
  );
  mount(app, getTenant, async (c) => json(c, await tenants.get(c.req.param('tenantId'))));
  mount(app, updateTenant, async (c, { body }) => json(c, await tenants.update(c.req.param('tenantId'), body)));
  mount(app, deleteTenant, async (c, { query }) =>
    json(c, await tenants.delete(c.req.param('tenantId'), { purgeUpstream: query.purgeUpstream === 'true' })),
  );
}
