/**
 * The demo's web servers: one per customer site and one for the partner (landing page and theme
 * playground). Pages are plain files under demo/sites/<name>/; in HTML, {{SERVICE_URL}},
 * {{SITE_KEY}} and {{SITE_LINKS}} are filled in when served. The partner server also answers the
 * playground's few API calls, holding the admin client (and its token) itself: the token never
 * reaches the browser.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { AdminApiError, type AdminClient, data, type Schemas } from '@tessera/admin-client';
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

/** The exact policy the widget's README asks a site for: no inline script or style, no eval. */
export function strictCsp(serviceUrl: string, opts: { connectSelf?: boolean } = {}): string {
  const connect = opts.connectSelf ? `'self' ${serviceUrl}` : serviceUrl;
  return `default-src 'self'; script-src 'self' ${serviceUrl}; connect-src ${connect}; style-src 'self'; img-src 'self' ${serviceUrl} data:`;
}

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
  const app = new Hono();
  app.get('*', (c) => {
    const vars = { SERVICE_URL: opts.serviceUrl, SITE_KEY: siteKey };
    // One page of each site is served under the strict policy, to show (and test) that it works.
    const csp: Record<string, string> =
      c.req.path === '/strict-csp.html' ? { 'content-security-policy': strictCsp(opts.serviceUrl) } : {};
    return file(c, opts.customer.slug, vars, csp);
  });
  const { server, port } = await start(app, opts.port);
  return {
    port,
    setSiteKey(key: string) {
      siteKey = key;
    },
    close: () => close(server),
  };
}

export interface PartnerSite {
  slug: string;
  name: string;
  tenantId: string;
  siteId: string;
  siteKey: string;
  origin: string;
}

/** The site fields the playground edits; a change to anything else is not the playground's to make. */
const EDITABLE = ['theme', 'title', 'greeting', 'starterPrompts'] as const;
const MERGE_PATCH = /^application\/(merge-patch\+)?json\b/;

const editable = (site: Schemas['Site']) => ({
  theme: site.theme,
  title: site.title,
  greeting: site.greeting,
  starterPrompts: site.starterPrompts,
});

/** The demo's operator, and the owner each demo customer gets. */
export const DEMO_OPERATOR = 'operator@partner.example';
export const demoOwner = (slug: string) => `owner@${slug}.example`;

/** A one-use sign-in link for the customer's demo owner (invited as owner on first use). */
async function ownerLink(admin: AdminClient, site: PartnerSite): Promise<string> {
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
  const getSite = (siteId: string) => data(admin.GET('/admin/v1/sites/{siteId}', { params: { path: { siteId } } }));

  // The playground's API: read the demo sites' settings, and change one site's theme and texts.
  app.get('/api/sites', async (c) => {
    try {
      const items = await Promise.all(sites.map(async (s) => ({ ...s, ...editable(await getSite(s.siteId)) })));
      return c.json({ items });
    } catch (err) {
      return fail(c, err);
    }
  });
  // A JSON merge patch (RFC 7396) of the editable fields, passed on as one to the admin API: what
  // the patch does not name stays as the customer saved it; a theme setting set to null is removed.
  // PUT, which the playground used to send, is taken the same way: it always was a partial update
  // of these fields passed on to the admin API's PATCH.
  app.on(['PATCH', 'PUT'], '/api/sites/:siteId', async (c) => {
    const site = sites.find((s) => s.siteId === c.req.param('siteId'));
    if (!site) return c.json({ error: { code: 'not_found', message: 'Not a demo site.' } }, 404);
    if (!MERGE_PATCH.test(c.req.header('content-type') ?? ''))
      return c.json({ error: { code: 'unsupported_media_type', message: 'Send application/merge-patch+json.' } }, 415);
    const body: unknown = await c.req.json().catch(() => undefined);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return c.json({ error: { code: 'invalid_json', message: 'Send a JSON object.' } }, 400);
    const patch = Object.fromEntries(Object.entries(body).filter(([k]) => (EDITABLE as readonly string[]).includes(k)));
    try {
      // The admin API validates every value; the cast only names the shape it will check.
      const saved = await data(
        admin.PATCH('/admin/v1/sites/{siteId}', {
          params: { path: { siteId: site.siteId } },
          body: patch as Schemas['UpdateSiteRequest'],
          headers: { 'content-type': 'application/merge-patch+json' },
        }),
      );
      return c.json(editable(saved));
    } catch (err) {
      return fail(c, err);
    }
  });
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
  app.get('/portal/customer/:slug', async (c) => {
    const site = sites.find((s) => s.slug === c.req.param('slug'));
    if (!site) return c.text('Not a demo customer', 404);
    try {
      return c.redirect(await ownerLink(admin, site), 303);
    } catch (err) {
      return fail(c, err);
    }
  });
  app.get('*', (c) => {
    const links = sites.map((s) => `<li><a href="${s.origin}/">${s.name}</a> <code>${s.origin}</code></li>`).join('\n');
    // The partner's pages call their own server too (the playground's API).
    const csp = strictCsp(opts.serviceUrl, { connectSelf: true });
    return file(c, 'partner', { SERVICE_URL: opts.serviceUrl, SITE_LINKS: links }, { 'content-security-policy': csp });
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
