/**
 * Every screen of the portal: its path, who may see it, its title, and its code, loaded on first
 * visit (one chunk per screen).
 */
import { html, type TemplateResult } from 'lit';
import type { PortalContext } from './context.js';

export type Access = 'public' | 'signed-in' | 'operator';

export interface RouteDef {
  pattern: string;
  access: Access;
  title: string;
  load: () => Promise<unknown>;
  render: (ctx: PortalContext, params: Record<string, string>, query: URLSearchParams) => TemplateResult;
}

export const ROUTES: RouteDef[] = [
  {
    pattern: '/sign-in',
    access: 'public',
    title: 'Sign in',
    load: () => import('../screens/sign-in/sign-in-screen.js'),
    render: (ctx, _p, q) => html`<portal-sign-in .ctx=${ctx} .next=${q.get('next') ?? ''}></portal-sign-in>`,
  },
  {
    pattern: '/customers',
    access: 'operator',
    title: 'Customers',
    load: () => import('../screens/customers/customers-screen.js'),
    render: (ctx, _p, q) => html`<portal-customers .ctx=${ctx} .query=${q}></portal-customers>`,
  },
  {
    pattern: '/customers/new',
    access: 'operator',
    title: 'Onboard a customer',
    load: () => import('../screens/onboard/onboard-screen.js'),
    render: (ctx) => html`<portal-onboard .ctx=${ctx}></portal-onboard>`,
  },
  {
    pattern: '/customers/:tenantId',
    access: 'operator',
    title: 'Customer',
    load: () => import('../screens/customer/customer-screen.js'),
    render: (ctx, p) => html`<portal-customer .ctx=${ctx} .tenantId=${p['tenantId']!}></portal-customer>`,
  },
  {
    pattern: '/brand-kit',
    access: 'operator',
    title: 'Brand kit',
    load: () => import('../screens/brand/brand-screen.js'),
    render: (ctx) => html`<portal-brand-kit .ctx=${ctx}></portal-brand-kit>`,
  },
  {
    pattern: '/operators',
    access: 'operator',
    title: 'Operators',
    load: () => import('../screens/operators/operators-screen.js'),
    render: (ctx) => html`<portal-operators .ctx=${ctx}></portal-operators>`,
  },
  {
    pattern: '/audit',
    access: 'operator',
    title: 'Audit log',
    load: () => import('../screens/audit/audit-screen.js'),
    render: (ctx, _p, q) => html`<portal-audit .ctx=${ctx} .query=${q}></portal-audit>`,
  },
  {
    pattern: '/signing-keys',
    access: 'operator',
    title: 'Signing keys',
    load: () => import('../screens/signing-keys/signing-keys-screen.js'),
    render: (ctx) => html`<portal-signing-keys .ctx=${ctx}></portal-signing-keys>`,
  },
  {
    pattern: '/account',
    access: 'signed-in',
    title: 'Account settings',
    load: () => import('../screens/account/account-screen.js'),
    render: (ctx, _p, q) => html`<portal-account .ctx=${ctx} .welcome=${q.has('welcome')}></portal-account>`,
  },
  // The customer's own space: members, and operators who open it as this customer.
  {
    pattern: '/t/:tenantId',
    access: 'signed-in',
    title: 'Home',
    load: () => import('../screens/home/home-screen.js'),
    render: (ctx, p, q) => html`<portal-home .ctx=${ctx} .tenantId=${p['tenantId'] ?? ''} .query=${q}></portal-home>`,
  },
  {
    pattern: '/t/:tenantId/conversations',
    access: 'signed-in',
    title: 'Conversations',
    load: () => import('../screens/inbox/inbox-screen.js'),
    render: (ctx, p, q) => html`<portal-inbox .ctx=${ctx} .tenantId=${p['tenantId']!} .query=${q}></portal-inbox>`,
  },
  {
    pattern: '/t/:tenantId/conversations/:conversationId',
    access: 'signed-in',
    title: 'Conversation',
    load: () => import('../screens/transcript/transcript-screen.js'),
    render: (ctx, p) =>
      html`<portal-transcript .ctx=${ctx} .tenantId=${p['tenantId']!} .conversationId=${p['conversationId']!}></portal-transcript>`,
  },
  {
    pattern: '/t/:tenantId/widget',
    access: 'signed-in',
    title: 'Widget',
    load: () => import('../screens/widget/widget-screen.js'),
    render: (ctx, p, q) => html`<portal-widget .ctx=${ctx} .tenantId=${p['tenantId']!} .query=${q}></portal-widget>`,
  },
  {
    pattern: '/t/:tenantId/install',
    access: 'signed-in',
    title: 'Install',
    load: () => import('../screens/install/install-screen.js'),
    render: (ctx, p) => html`<portal-install .ctx=${ctx} .tenantId=${p['tenantId']!}></portal-install>`,
  },
  {
    pattern: '/t/:tenantId/bot',
    access: 'signed-in',
    title: 'Bot',
    load: () => import('../screens/bot/bot-screen.js'),
    render: (ctx, p, q) => html`<portal-bot .ctx=${ctx} .tenantId=${p['tenantId']!} .query=${q}></portal-bot>`,
  },
  {
    pattern: '/t/:tenantId/team',
    access: 'signed-in',
    title: 'Team',
    load: () => import('../screens/team/team-screen.js'),
    render: (ctx, p) => html`<portal-team .ctx=${ctx} .tenantId=${p['tenantId']!}></portal-team>`,
  },
];

export const NOT_FOUND: RouteDef = {
  pattern: '',
  access: 'signed-in',
  title: 'Page not found',
  load: () => import('../screens/not-found/not-found-screen.js'),
  render: (ctx) => html`<portal-not-found .ctx=${ctx}></portal-not-found>`,
};

/** Operator-only routes, in the console's navigation order. */
export const CONSOLE_NAV = [
  { path: '/customers', label: 'Customers' },
  { path: '/brand-kit', label: 'Brand kit' },
  { path: '/operators', label: 'Operators' },
  { path: '/audit', label: 'Audit log' },
  { path: '/signing-keys', label: 'Signing keys' },
] as const;

/** The customer's space, in its navigation order (paths under `/t/{tenantId}`). */
export const SPACE_NAV = [
  { path: '', label: 'Home' },
  { path: '/conversations', label: 'Conversations' },
  { path: '/widget', label: 'Widget' },
  { path: '/install', label: 'Install' },
  { path: '/bot', label: 'Bot' },
  { path: '/team', label: 'Team' },
] as const;

/** The customer whose space `path` is in, if any (`/t/tn_1/widget` → `tn_1`). */
export function spaceTenant(path: string): string | null {
  const m = /^\/t\/([^/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
}
