/**
 * The demo's customers in the service's store, through the admin API and its typed client, as a
 * partner's own tooling would do it: a customer missing from the store is onboarded (tenant, bot
 * and site in one all-or-nothing call); one already there keeps its tenant, bot, site key and
 * theme, and only its site's allowed origins follow the ports of this run. A site that signs its
 * users in gets an identity secret once, kept in the data directory beside the store.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AdminClient, data, type Schemas } from '@tessera/admin-client';
import type { DemoCustomer } from './tenants.js';

export interface SeededCustomer {
  tenant: Schemas['Tenant'];
  site: Schemas['Site'];
}

export async function seedCustomers(
  admin: AdminClient,
  wanted: { customer: DemoCustomer; allowedOrigins: string[] }[],
): Promise<SeededCustomer[]> {
  const { items: tenants } = await data(admin.GET('/admin/v1/tenants'));
  const seeded: SeededCustomer[] = [];
  for (const { customer, allowedOrigins } of wanted) {
    const tenant = tenants.find((t) => t.name === customer.tenant);
    seeded.push(tenant ? await refresh(admin, tenant, customer, allowedOrigins) : await onboard(admin, customer, allowedOrigins));
  }
  return seeded;
}

async function onboard(admin: AdminClient, customer: DemoCustomer, allowedOrigins: string[]): Promise<SeededCustomer> {
  const { tenant, site } = await data(
    admin.POST('/admin/v1/onboardings', {
      body: {
        tenant: { name: customer.tenant },
        bot: { name: customer.botName, backstory: customer.backstory },
        site: { name: customer.siteName, allowedOrigins, ...customer.site },
      },
    }),
  );
  return { tenant, site };
}

async function refresh(
  admin: AdminClient,
  tenant: Schemas['Tenant'],
  customer: DemoCustomer,
  allowedOrigins: string[],
): Promise<SeededCustomer> {
  const tenantId = tenant.id;
  const { items } = await data(admin.GET('/admin/v1/tenants/{tenantId}/sites', { params: { path: { tenantId } } }));
  const site = items.find((s) => s.name === customer.siteName);
  if (!site) {
    // A tenant without its site (made by hand, or by a demo older than onboardings): add bot and site.
    const bot = await data(
      admin.POST('/admin/v1/tenants/{tenantId}/bots', {
        params: { path: { tenantId } },
        body: { name: customer.botName, backstory: customer.backstory },
      }),
    );
    const created = await data(
      admin.POST('/admin/v1/tenants/{tenantId}/sites', {
        params: { path: { tenantId } },
        body: { name: customer.siteName, allowedOrigins, botId: bot.id, ...customer.site },
      }),
    );
    return { tenant, site: created };
  }
  if (site.allowedOrigins.join() === allowedOrigins.join()) return { tenant, site };
  const updated = await data(
    admin.PATCH('/admin/v1/sites/{siteId}', { params: { path: { siteId: site.id } }, body: { allowedOrigins } }),
  );
  return { tenant, site: updated };
}

/** The identity secret kept for a site, and its key id (to tell whether the service still accepts it). */
interface KeptSecret {
  kid: string;
  secret: string;
}

/**
 * The site's identity secret for signing its users' tokens (docs/identity.md). The admin API shows a
 * secret only once, so it is kept (mode 0600, like the admin token) in the data directory, which
 * only the customer's server (the demo's site server) reads. A demo started again reuses it while
 * the service still accepts it; otherwise (a new store, the secret removed, the file lost) a new
 * one is made, and any earlier secret stops at once (nobody has its text any more).
 */
export async function seedIdentitySecret(admin: AdminClient, site: Schemas['Site'], dataDir: string): Promise<string> {
  const file = join(dataDir, `identity-secret-${site.id}.json`);
  const kept = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as KeptSecret,
    () => null, // missing or unreadable: made again below
  );
  const path = { params: { path: { siteId: site.id } } };
  if (kept?.kid && kept.secret) {
    const { items } = await data(admin.GET('/admin/v1/sites/{siteId}/identity-keys', path));
    if (items.some((k) => k.kid === kept.kid && k.retiresAt === null)) return kept.secret;
  }
  const { kid, secret } = await data(
    admin.POST('/admin/v1/sites/{siteId}/identity-secret', { ...path, body: { graceSeconds: 0 } }),
  );
  await writeFile(file, `${JSON.stringify({ kid, secret } satisfies KeptSecret)}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // the mode above applies only to a file it creates
  return secret;
}
