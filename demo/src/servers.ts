/**
 * The demo's web servers: one per customer site and one for the partner (landing page and theme
 * playground). Pages are plain files under demo/sites/<name>/; in HTML, {{SERVICE_URL}},
 * {{SITE_KEY}}, {{SITE_LINKS}} and {{WIDGET_SETTINGS}} are filled in when served. The partner server
 * also opens the portal for a person, as a partner's product would: it holds the admin client (and
 * its token) itself, asks for a one-use sign-in link and sends the browser there; the token never
 * reaches the browser. A site that plays a product with signed-in users (Lumen's docs) also
 * serves that product's small API (account.ts), which signs identity tokens on the server.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { AdminApiError, type AdminClient, data } from '@tessera/admin-client';
import { accountRoutes } from './account.js';
import type { DemoCustomer } from './tenants.js';

const SITES_DIR = join(import.meta.dirname, '../sites');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * The exact policy the widget's README asks a site for: no inline script or style, no eval. A page
 * that calls its own site's API (the account page) may also connect to its own origin.
 */
export function strictCsp(serviceUrl: string, { ownApi = false } = {}): string {
  const connect = ownApi ? `'self' ${serviceUrl}` : serviceUrl;
  return `default-src 'self'; script-src 'self' ${serviceUrl}; connect-src ${connect}; style-src 'self'; img-src 'self' ${serviceUrl} data:`;
}

/** The pages of a customer site served under the strict policy, to show (and test) that they work. */
const STRICT_PAGES: Record<string, { ownApi?: boolean }> = { '/strict-csp.html': {}, '/account.html': { ownApi: true } };

export interface DemoServer {
  port: number;
  close(): Promise<void>;
}

async function start(app: Hono, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/** Serve a file of a site folder; HTML is filled in from `vars`. */
async function file(c: Context, folder: string, vars: Record<string, string>, headers: Record<string, string> = {}) {
  let path = c.req.path.endsWith('/') ? `${c.req.path}index.html` : c.req.path;
  path = normalize(path).replace(/^(\.\.[/\\])+/, '');
  const type = TYPES[extname(path)];
  if (!type) return c.text('Not found', 404);
  try {
    const full = join(SITES_DIR, folder, path);
    if (!full.startsWith(join(SITES_DIR, folder))) return c.text('Not found', 404);
    if (type.startsWith('text/html')) {
      const html = (await readFile(full, 'utf8')).replace(/\{\{(\w+)\}\}/g, (m, name: string) => vars[name] ?? m);
      return c.html(html, 200, headers);
    }
    return c.body(new Uint8Array(await readFile(full)), 200, { 'content-type': type });
  } catch {
    return c.text('Not found', 404);
  }
}

export async function serveSite(opts: { customer: DemoCustomer; port: number; serviceUrl: string }) {
  let siteKey = '';
  let identitySecret = '';
  const app = new Hono();
  if (opts.customer.signedInUsers)
    accountRoutes(app, () => (identitySecret && siteKey ? { secret: identitySecret, siteKey } : null));
  app.get('*', (c) => {
    const vars = { SERVICE_URL: opts.serviceUrl, SITE_KEY: siteKey };
    const strict = Object.hasOwn(STRICT_PAGES, c.req.path) ? STRICT_PAGES[c.req.path] : undefined;
    const csp: Record<string, string> = strict ? { 'content-security-policy': strictCsp(opts.serviceUrl, strict) } : {};
    return file(c, opts.customer.slug, vars, csp);
  });
  const { server, port } = await start(app, opts.port);
  return {
    port,
    setSiteKey(key: string) {
      siteKey = key;
    },
    /** The site's identity secret (seed.ts), for signing its users' tokens on this server. */
    setIdentitySecret(secret: string) {
      identitySecret = secret;
    },
    close: () => close(server),
  };
}

export interface PartnerSite {
  slug: string;
  name: string;
  tenantId: string;
  siteId: string;
  origin: string;
}

/** The demo's operator, and the owner each demo customer gets. */
export const DEMO_OPERATOR = 'operator@partner.example';
export const demoOwner = (slug: string) => `owner@${slug}.example`;

/**
 * A one-use sign-in link for the customer's demo owner (invited as owner on first use), landing on
 * the portal page `next` when given (the service follows only a path of its own portal).
 */
async function ownerLink(admin: AdminClient, site: PartnerSite, next?: string): Promise<string> {
  const url = new URL(await newOwnerLink(admin, site));
  if (next) url.searchParams.set('next', next);
  return url.href;
}

async function newOwnerLink(admin: AdminClient, site: PartnerSite): Promise<string> {
  const tenantId = site.tenantId;
  const path = { params: { path: { tenantId } } };
  const { items } = await data(admin.GET('/admin/v1/tenants/{tenantId}/members', path));
  const owner = items.find((m) => m.email === demoOwner(site.slug));
  if (!owner) {
    const invite = await data(
      admin.POST('/admin/v1/tenants/{tenantId}/members', { ...path, body: { email: demoOwner(site.slug), role: 'owner' } }),
    );
    return invite.inviteUrl;
  }
  const link = await data(admin.POST('/admin/v1/tenants/{tenantId}/login-links', { ...path, body: { memberId: owner.id } }));
  return link.url;
}

/** "Velo Bikes'", "Bright Smile Dental's". */
const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);

/** The playground's card of one customer: their site, and the button that opens its widget settings. */
const widgetCard = (s: PartnerSite) => html`<li class="customer">
        <h2>${s.name}</h2>
        <p><a href="${s.origin}/">${s.origin}</a></p>
        <p class="muted">Signs in as ${demoOwner(s.slug)}, the customer's owner.</p>
        <a class="button" href="/portal/customer/${s.slug}/widget">Open ${possessive(s.name)} widget settings</a>
      </li>`;

export async function servePartner(opts: { port: number; serviceUrl: string; admin: AdminClient }) {
  let sites: PartnerSite[] = [];
  const { admin } = opts;
  const app = new Hono();

  const fail = (c: Context, err: unknown) => {
    if (err instanceof AdminApiError)
      return c.json(
        { error: { code: err.code, message: err.message, issues: err.issues } },
        err.status === 0 ? 502 : (err.status as 400),
      );
    throw err;
  };
  // "Manage your chat" as a partner's own product offers it: its server asks the admin API for a
  // one-use link and sends the person there (the link's page has one button that signs in). In a
  // real product the partner's own sign-in decides who may; the demo lets whoever opens it in.
  app.get('/portal/operator', async (c) => {
    try {
      const invite = await data(admin.POST('/admin/v1/operators', { body: { email: DEMO_OPERATOR } }));
      return c.redirect(invite.inviteUrl, 303);
    } catch (err) {
      return fail(c, err);
    }
  });
  // The customer's owner: where the portal takes someone who just signed in, or straight to one
  // screen of their space (the playground's buttons open the widget settings of the customer's site).
  const asOwner = (page: (site: PartnerSite) => string | undefined) => async (c: Context) => {
    const site = sites.find((s) => s.slug === c.req.param('slug'));
    if (!site) return c.text('Not a demo customer', 404);
    try {
      return c.redirect(await ownerLink(admin, site, page(site)), 303);
    } catch (err) {
      return fail(c, err);
    }
  };
  app.get(
    '/portal/customer/:slug',
    asOwner(() => undefined),
  );
  app.get(
    '/portal/customer/:slug/widget',
    asOwner((s) => `/portal/t/${encodeURIComponent(s.tenantId)}/widget?site=${encodeURIComponent(s.siteId)}`),
  );
  app.get('*', async (c) => {
    const vars = {
      SERVICE_URL: opts.serviceUrl,
      SITE_LINKS: String(
        await html`${sites.map((s) => html`<li><a href="${s.origin}/">${s.name}</a> <code>${s.origin}</code></li>`)}`,
      ),
      WIDGET_SETTINGS: String(await html`${sites.map(widgetCard)}`),
    };
    return file(c, 'partner', vars, { 'content-security-policy': strictCsp(opts.serviceUrl) });
  });
  const { server, port } = await start(app, opts.port);
  return {
    port,
    setSites(list: PartnerSite[]) {
      sites = list;
    },
    close: () => close(server),
  };
}
