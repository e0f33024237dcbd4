/** Every call of the portal's API (`/portal/api/...`), typed with the protocol's wire shapes. */
import type * as Wire from '@tessera/protocol/types';
import { API_BASE, type Transport } from './client.js';

export type BrandImageSlot = 'logoLight' | 'logoDark' | 'favicon';
export type CustomerSort = 'name' | 'createdAt' | 'messagesToday' | 'lastActivityAt';
export interface CustomersQuery {
  q?: string;
  sort?: CustomerSort;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}
export interface AuditQuery {
  actor?: string;
  action?: string;
  tenantId?: string;
  before?: string;
  limit?: number;
}
export interface TenantPatch {
  name?: string;
  status?: 'active' | 'suspended';
  quotas?: { messagesPerDay: number | null };
}
export interface InboxFilters {
  siteId?: string;
  from?: string;
  to?: string;
  outcome?: 'answered' | 'interrupted' | 'error' | 'rated_down';
  q?: string;
}
/** A change to a site from the customer's space, as a JSON merge patch (only what changed). */
export interface SitePatch {
  title?: string;
  subtitle?: string | null;
  greeting?: string | null;
  starterPrompts?: string[];
  locale?: string | null;
  allowedOrigins?: string[];
  theme?: Wire.ThemePatch;
  /** Texts per language: a language or one of its texts set to null is removed. */
  translations?: Wire.TranslationsPatch;
  /** Only signed-in visitors can chat. */
  identityRequired?: boolean;
  /** A conversation started before signing in becomes the signed-in user's. */
  identityAdopt?: boolean;
}
type Items<T> = { items: T[] };
const id = encodeURIComponent;
const MERGE_PATCH = 'application/merge-patch+json';

/** Where the browser downloads a customer's conversations from (a link, not a fetch: the service names the file). */
export function exportUrl(tenantId: string, from: string, to: string, format: 'csv' | 'json'): string {
  return `${API_BASE}/tenants/${id(tenantId)}/exports/conversations?${new URLSearchParams({ from, to, format })}`;
}

export function createPortalApi(request: Transport) {
  return {
    // the brand and who is signed in
    brand: () => request<Wire.Brand>('GET', '/brand'),
    me: () => request<Wire.Me>('GET', '/me'),
    signInMethods: () => request<Wire.SignInMethods>('GET', '/sign-in-methods'),
    emailLink: (email: string) => request<{ message: string }>('POST', '/email-link', { body: { email } }),
    signIn: (email: string, password: string) => request<Wire.Me>('POST', '/session', { body: { email, password } }),
    signOut: () => request<void>('DELETE', '/session'),
    signOutEverywhere: () => request<void>('DELETE', '/sessions'),
    setPassword: (password: string, currentPassword?: string) =>
      request<void>('PUT', '/me/password', { body: currentPassword ? { password, currentPassword } : { password } }),

    // passkeys
    passkeyRegistrationOptions: () => request<Wire.PasskeyOptions>('POST', '/passkeys/registration-options'),
    addPasskey: (challengeId: string, response: unknown, name?: string) =>
      request<Wire.Passkey>('POST', '/passkeys', { body: name ? { challengeId, name, response } : { challengeId, response } }),
    passkeys: () => request<Items<Wire.Passkey>>('GET', '/passkeys'),
    removePasskey: (passkeyId: string) => request<void>('DELETE', `/passkeys/${id(passkeyId)}`),
    passkeySignInOptions: () => request<Wire.PasskeyOptions>('POST', '/passkey-sign-in/options'),
    passkeySignIn: (challengeId: string, response: unknown) =>
      request<Wire.Me>('POST', '/passkey-sign-in', { body: { challengeId, response } }),

    // the partner's console
    customers: (query: CustomersQuery, signal?: AbortSignal) =>
      request<Wire.CustomersPage>('GET', '/customers', { query: { ...query }, ...(signal ? { signal } : {}) }),
    onboard: (body: Wire.OnboardCustomerRequest) => request<Wire.OnboardCustomer>('POST', '/onboardings', { body }),
    customer: (tenantId: string) => request<Wire.CustomerDetail>('GET', `/tenants/${id(tenantId)}`),
    bots: (tenantId: string) => request<Items<Wire.Bot>>('GET', `/tenants/${id(tenantId)}/bots`),
    updateTenant: (tenantId: string, body: TenantPatch) => request<Wire.Tenant>('PATCH', `/tenants/${id(tenantId)}`, { body }),
    deleteTenant: (tenantId: string, purgeUpstream: boolean) =>
      request<Wire.Tenant>('DELETE', `/tenants/${id(tenantId)}`, { query: { purgeUpstream } }),
    operators: () => request<Items<Wire.Operator>>('GET', '/operators'),
    inviteOperator: (email: string) => request<Wire.OperatorInvite>('POST', '/operators', { body: { email } }),
    removeOperator: (operatorId: string) => request<void>('DELETE', `/operators/${id(operatorId)}`),
    updateBrand: (body: Wire.UpdateBrandRequest) => request<Wire.Brand>('PUT', '/brand', { body }),
    uploadBrandImage: (slot: BrandImageSlot, file: File) =>
      request<Wire.Brand>('PUT', `/brand/images/${slot}`, { raw: { data: file, type: file.type } }),
    removeBrandImage: (slot: BrandImageSlot) => request<Wire.Brand>('DELETE', `/brand/images/${slot}`),
    audit: (query: AuditQuery) => request<Wire.AuditPage>('GET', '/audit', { query: { ...query } }),
    signingKeys: () => request<Items<Wire.SigningKey>>('GET', '/signing-keys'),
    rotateSigningKey: () => request<unknown>('POST', '/signing-keys/rotate'),

    // a customer's members (operators, and the customer's owners)
    members: (tenantId: string) => request<Items<Wire.Member>>('GET', `/tenants/${id(tenantId)}/members`),
    inviteMember: (tenantId: string, email: string, role: Wire.Role) =>
      request<Wire.MemberInvite>('POST', `/tenants/${id(tenantId)}/members`, { body: { email, role } }),
    updateMember: (tenantId: string, memberId: string, role: Wire.Role) =>
      request<Wire.Member>('PATCH', `/tenants/${id(tenantId)}/members/${id(memberId)}`, { body: { role } }),
    resendInvite: (tenantId: string, memberId: string) =>
      request<Wire.MemberInvite>('POST', `/tenants/${id(tenantId)}/members/${id(memberId)}/invite`),
    removeMember: (tenantId: string, memberId: string) =>
      request<void>('DELETE', `/tenants/${id(tenantId)}/members/${id(memberId)}`),

    // the customer's own space
    usage: (tenantId: string, q: { from: string; to: string; siteId?: string | undefined }, signal?: AbortSignal) =>
      request<Wire.Usage>('GET', `/tenants/${id(tenantId)}/usage`, { query: q, ...(signal ? { signal } : {}) }),
    conversations: (tenantId: string, filters: InboxFilters & { cursor?: string; limit?: number }, signal?: AbortSignal) =>
      request<Wire.InboxPage>('GET', `/tenants/${id(tenantId)}/conversations`, {
        query: { ...filters },
        ...(signal ? { signal } : {}),
      }),
    conversation: (tenantId: string, conversationId: string) =>
      request<Wire.Transcript>('GET', `/tenants/${id(tenantId)}/conversations/${id(conversationId)}`),
    deleteConversation: (tenantId: string, conversationId: string) =>
      request<void>('DELETE', `/tenants/${id(tenantId)}/conversations/${id(conversationId)}`),
    sites: (tenantId: string) => request<Items<Wire.Site>>('GET', `/tenants/${id(tenantId)}/sites`),
    site: (tenantId: string, siteId: string) => request<Wire.Site>('GET', `/tenants/${id(tenantId)}/sites/${id(siteId)}`),
    updateSite: (tenantId: string, siteId: string, patch: SitePatch) =>
      request<Wire.Site>('PATCH', `/tenants/${id(tenantId)}/sites/${id(siteId)}`, { body: patch, contentType: MERGE_PATCH }),
    install: (tenantId: string, siteId: string) =>
      request<Wire.InstallStatus>('GET', `/tenants/${id(tenantId)}/sites/${id(siteId)}/install`),
    // a site's identity keys (signed-in visitors)
    identityKeys: (tenantId: string, siteId: string) =>
      request<Wire.IdentityKeyList>('GET', `/tenants/${id(tenantId)}/sites/${id(siteId)}/identity-keys`),
    createIdentitySecret: (tenantId: string, siteId: string, graceSeconds: number) =>
      request<Wire.IdentitySecret>('POST', `/tenants/${id(tenantId)}/sites/${id(siteId)}/identity-secret`, {
        body: { graceSeconds },
      }),
    addIdentityKey: (tenantId: string, siteId: string, body: Wire.AddIdentityKeyRequest) =>
      request<Wire.IdentityKey>('POST', `/tenants/${id(tenantId)}/sites/${id(siteId)}/identity-keys`, { body }),
    removeIdentityKey: (tenantId: string, siteId: string, kid: string) =>
      request<void>('DELETE', `/tenants/${id(tenantId)}/sites/${id(siteId)}/identity-keys/${id(kid)}`),
    updateBot: (tenantId: string, botId: string, body: Wire.UpdateBotRequest) =>
      request<Wire.Bot>('PATCH', `/tenants/${id(tenantId)}/bots/${id(botId)}`, { body }),
  };
}

export type PortalApi = ReturnType<typeof createPortalApi>;
