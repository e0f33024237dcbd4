/**
 * The partner's console (operators) and the customer's own reads: customers, a customer's page and
 * changes, onboarding, bots, signing keys, the brand kit and the audit log. Each calls one domain
 * service; the brand kit and the audit log are also in the admin API.
 */
import {
  AuditPage,
  AuditQuery,
  Bot,
  Brand,
  BRAND_IMAGE_MAX,
  BRAND_IMAGE_SLOTS,
  CustomerDetail,
  CustomersPage,
  CustomersQuery,
  DeleteTenantQuery,
  listOf,
  OnboardCustomer,
  OnboardCustomerRequest,
  SigningKey,
  Tenant,
  UpdateBrandRequest,
  UpdateTenantRequest,
} from '@tessera/protocol';
import type { Context, Hono } from 'hono';
import type { ImageSlot } from '../../../brand/brand-service.js';
import { ServiceError } from '../../../errors.js';
import type { AppDeps, AppEnv } from '../../context.js';
import { readBodyBytes } from '../../json-body.js';
import { json } from '../../response.js';
import { type Auth, BODY_ERRORS, mount, type RouteSpec, route, UPSTREAM_ERRORS } from '../../spec.js';
import { API } from './sign-in.js';

const TAG = 'Portal: console';
const OPERATORS = { operatorOnly: true } as const;
const TENANT = `${API}/tenants/{tenantId}`;

export const listCustomers = route({
  id: 'listCustomers',
  method: 'get',
  path: `${API}/customers`,
  tag: TAG,
  summary: 'The customer table: search, sort and page; messages today against the quota, last activity, 14 days',
  auth: 'portal',
  access: OPERATORS,
  query: CustomersQuery,
  answers: { 200: { description: 'A page of customers', schema: CustomersPage } },
  errors: ['invalid_request'],
});

export const onboardCustomer = route({
  id: 'onboardCustomer',
  method: 'post',
  path: `${API}/onboardings`,
  tag: TAG,
  summary: "Onboard a customer: tenant, bot, site and the first owner's invite, all or nothing",
  auth: 'portal',
  access: OPERATORS,
  body: OnboardCustomerRequest,
  answers: { 201: { description: 'What was created', schema: OnboardCustomer } },
  errors: [...BODY_ERRORS, ...UPSTREAM_ERRORS, 'conflict', 'tenant_suspended'],
});

export const getCustomer = route({
  id: 'getCustomer',
  method: 'get',
  path: TENANT,
  tag: TAG,
  summary: "A customer's page: the tenant, its sites, members and the last 14 days",
  auth: 'portal',
  access: { role: 'viewer' },
  answers: { 200: { description: 'The customer', schema: CustomerDetail } },
  errors: [],
});

export const updateCustomer = route({
  id: 'updateCustomer',
  method: 'patch',
  path: TENANT,
  tag: TAG,
  summary: 'Rename, suspend or resume a customer, or set its daily message quota',
  auth: 'portal',
  access: OPERATORS,
  body: UpdateTenantRequest,
  answers: { 200: { description: 'The tenant as changed', schema: Tenant } },
  errors: [...BODY_ERRORS, 'conflict'],
});

export const deleteCustomer = route({
  id: 'deleteCustomer',
  method: 'delete',
  path: TENANT,
  tag: TAG,
  summary: 'Delete a customer (suspend and hide); purgeUpstream=true also deletes its ChatBotKit sub-account',
  auth: 'portal',
  access: OPERATORS,
  query: DeleteTenantQuery,
  answers: { 200: { description: 'The tenant as deleted', schema: Tenant } },
  errors: ['invalid_request', ...UPSTREAM_ERRORS],
});

export const listCustomerBots = route({
  id: 'listCustomerBots',
  method: 'get',
  path: `${TENANT}/bots`,
  tag: TAG,
  summary: "A customer's bots (asks ChatBotKit)",
  auth: 'portal',
  access: { role: 'viewer' },
  answers: { 200: { description: 'Bots', schema: listOf(Bot) } },
  errors: [...UPSTREAM_ERRORS],
});

export const portalSigningKeys = route({
  id: 'portalListSigningKeys',
  method: 'get',
  path: `${API}/signing-keys`,
  tag: TAG,
  summary: 'The session signing keys, newest first',
  auth: 'portal',
  access: OPERATORS,
  answers: { 200: { description: 'Keys', schema: listOf(SigningKey) } },
  errors: [],
});

export const portalRotateSigningKeys = route({
  id: 'portalRotateSigningKeys',
  method: 'post',
  path: `${API}/signing-keys/rotate`,
  tag: TAG,
  summary: 'Sign with a new key from now on; the previous one keeps verifying its tokens',
  auth: 'portal',
  access: OPERATORS,
  answers: { 201: { description: 'The keys after the rotation', schema: listOf(SigningKey) } },
  errors: ['conflict'],
});

export const getPortalBrand = route({
  id: 'getPortalBrand',
  method: 'get',
  path: `${API}/brand`,
  tag: TAG,
  summary: "The partner's brand kit (public: the sign-in page shows it)",
  auth: 'none',
  answers: { 200: { description: 'The brand', schema: Brand } },
  errors: [],
});

function brandSpecs(base: string, auth: Auth, tag: string) {
  const access = auth === 'portal' ? { access: OPERATORS } : {};
  const name = (id: string) => (auth === 'portal' ? `portal${id[0]!.toUpperCase()}${id.slice(1)}` : id);
  return {
    update: route({
      id: name('updateBrand'),
      method: 'put',
      path: `${base}/brand`,
      tag,
      summary: 'Change the brand kit: fields not sent are kept; null clears the support URL or email',
      auth,
      ...access,
      body: UpdateBrandRequest,
      answers: { 200: { description: 'The brand', schema: Brand } },
      errors: [...BODY_ERRORS],
    }),
    putImage: route({
      id: name('putBrandImage'),
      method: 'put',
      path: `${base}/brand/images/{slot}`,
      tag,
      summary: `Upload a brand image (slot: ${BRAND_IMAGE_SLOTS.join(', ')}): PNG, JPEG, WebP or ICO up to ${BRAND_IMAGE_MAX / 1024} KB; SVG is refused`,
      description: 'The body is the file itself; its type is checked from its bytes.',
      auth,
      ...access,
      upload: { contentTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/x-icon'] },
      answers: { 200: { description: 'The brand', schema: Brand } },
      errors: ['invalid_image', 'payload_too_large', 'not_found'],
    }),
    removeImage: route({
      id: name('removeBrandImage'),
      method: 'delete',
      path: `${base}/brand/images/{slot}`,
      tag,
      summary: 'Remove a brand image',
      auth,
      ...access,
      answers: { 200: { description: 'The brand', schema: Brand } },
      errors: ['not_found'],
    }),
  };
}

export const portalBrand = brandSpecs(API, 'portal', TAG);
export const adminBrand = {
  get: route({
    id: 'getBrand',
    method: 'get',
    path: '/admin/v1/brand',
    tag: 'Brand',
    summary: "The partner's brand kit",
    auth: 'admin',
    answers: { 200: { description: 'The brand', schema: Brand } },
    errors: [],
  }),
  ...brandSpecs('/admin/v1', 'admin', 'Brand'),
};

export const portalAudit = route({
  id: 'portalListAudit',
  method: 'get',
  path: `${API}/audit`,
  tag: TAG,
  summary: 'The audit log, newest first: filter by actor, action or customer; page with `before`',
  auth: 'portal',
  access: OPERATORS,
  query: AuditQuery,
  answers: { 200: { description: 'Entries', schema: AuditPage } },
  errors: ['invalid_request'],
});

export const adminAudit = route({
  id: 'listAudit',
  method: 'get',
  path: '/admin/v1/audit',
  tag: 'Audit',
  summary: 'The audit log, newest first: filter by actor, action or customer; page with `before`',
  auth: 'admin',
  query: AuditQuery,
  answers: { 200: { description: 'Entries', schema: AuditPage } },
  errors: ['invalid_request'],
});

export const CONSOLE_ROUTES: RouteSpec[] = [
  listCustomers,
  onboardCustomer,
  getCustomer,
  updateCustomer,
  deleteCustomer,
  listCustomerBots,
  portalSigningKeys,
  portalRotateSigningKeys,
  getPortalBrand,
  ...Object.values(portalBrand),
  ...Object.values(adminBrand),
  portalAudit,
  adminAudit,
] as RouteSpec[];

const slotOf = (c: Context<AppEnv>): ImageSlot => {
  const slot = c.req.param('slot');
  if (!(BRAND_IMAGE_SLOTS as readonly string[]).includes(slot ?? '')) throw new ServiceError('not_found');
  return slot as ImageSlot;
};

export function consoleRoutes(app: Hono<AppEnv>, deps: AppDeps) {
  const { customers, tenants, onboarding, bots, signingKeys, brand, audit } = deps;
  const tenantId = (c: Context<AppEnv>) => c.req.param('tenantId') ?? '';
  mount(app, listCustomers, async (c, { query }) => json(c, await customers.page(query)));
  mount(app, onboardCustomer, async (c, { body }) => json(c, await onboarding.onboardCustomer(body), 201));
  mount(app, getCustomer, async (c) => json(c, await customers.detail(tenantId(c))));
  mount(app, updateCustomer, async (c, { body }) => json(c, await tenants.update(tenantId(c), body)));
  mount(app, deleteCustomer, async (c, { query }) =>
    json(c, await tenants.delete(tenantId(c), { purgeUpstream: query.purgeUpstream === 'true' })),
  );
  mount(app, listCustomerBots, async (c) => json(c, { items: await bots.list(tenantId(c)) }));
  mount(app, portalSigningKeys, (c) => json(c, { items: signingKeys.list() }));
  mount(app, portalRotateSigningKeys, async (c) => json(c, { items: await signingKeys.rotate() }, 201));
  mount(app, getPortalBrand, async (c) => json(c, await brand.get(), 200, { 'cache-control': 'no-cache' }));
  mount(app, adminBrand.get, async (c) => json(c, await brand.get()));
  for (const specs of [portalBrand, adminBrand]) {
    mount(app, specs.update, async (c, { body }) => json(c, await brand.update(body)));
    mount(app, specs.putImage, async (c) => {
      const slot = slotOf(c);
      return json(c, await brand.putImage(slot, await readBodyBytes(c, BRAND_IMAGE_MAX)));
    });
    mount(app, specs.removeImage, async (c) => json(c, await brand.removeImage(slotOf(c))));
  }
  mount(app, portalAudit, async (c, { query }) => json(c, await audit.list(query)));
  mount(app, adminAudit, async (c, { query }) => json(c, await audit.list(query)));
}
