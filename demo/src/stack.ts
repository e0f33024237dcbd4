/**
 * Start the whole demo in this process, on the test kit's stack: the ChatBotKit emulator (or the
 * real ChatBotKit when a token is given) and the token service on its embedded store in the data
 * directory, the customers' tenants, bots and sites (onboarded through the admin API on the first
 * run, origins brought up to date on every run; an identity secret for a site with signed-in
 * users), and one web server per customer site plus the partner's pages, each on its own origin.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import type { Schemas } from '@tessera/admin-client';
import type { RunningEmulator } from '@tessera/cbk-emulator';
import { Stack } from '@tessera/testkit';
import { ADMIN_TOKEN_FILE, persistentAdminToken } from './admin-token.js';
import { seedCustomers, seedIdentitySecret } from './seed.js';
import { servePartner, serveSite } from './servers.js';
import { CUSTOMERS, type DemoCustomer } from './tenants.js';

export interface DemoOptions {
  /** Where the store, the emulator's world, the admin token and identity secrets are kept (a subfolder per upstream). */
  dataDir: string;
  /** Ports: the service, the partner's pages, and one per customer. 0 picks a free port. */
  ports: { service: number; partner: number; velo: number; dental: number; docs: number };
  /** A real ChatBotKit partner token; without it the embedded emulator answers. */
  chatbotkitToken?: string | undefined;
  /** The ChatBotKit API with a token (default: the service's, api.chatbotkit.com). */
  chatbotkitApiUrl?: string | undefined;
  /** The admin token; otherwise one generated once and kept in the data directory. */
  adminToken?: string | undefined;
  /** Emulator token delay, ms (a little delay makes streaming visible). */
  tokenDelayMs?: number;
  logLevel?: string | undefined;
  /** Extra environment for the service's configuration (tests loosen limits). */
  serviceEnv?: Record<string, string>;
}

export interface DemoSite {
  customer: DemoCustomer;
  origin: string;
  site: Schemas['Site'];
  tenant: Schemas['Tenant'];
  /** The identity secret the site's server signs its users' tokens with (null: the site has no signed-in users). */
  identitySecret: string | null;
}

export interface Demo {
  serviceUrl: string;
  partnerUrl: string;
  adminToken: string;
  /** The file the generated admin token is kept in (null when one was given). */
  adminTokenFile: string | null;
  sites: DemoSite[];
  stack: Stack;
  /** The embedded emulator; null against the real ChatBotKit. */
  emulator: RunningEmulator | null;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const real = Boolean(opts.chatbotkitToken);
  // Keep the emulator's world and the real one apart: their sub-account ids mean different things.
  const dataDir = resolve(opts.dataDir, real ? 'chatbotkit' : 'emulator');
  await mkdir(dataDir, { recursive: true });
  const adminToken = opts.adminToken ?? (await persistentAdminToken(dataDir));

  // The portal at http://localhost:PORT: a passkey needs a domain name, WebAuthn refuses an IP address.
  const servicePort = opts.ports.service || (await freePort());
  const stack = await Stack.start({
    ...(real
      ? { upstream: { apiUrl: opts.chatbotkitApiUrl, token: opts.chatbotkitToken! } }
      : { emulator: { tokenDelayMs: opts.tokenDelayMs ?? 20, stateFile: join(dataDir, 'emulator.json') } }),
    dataDir,
    port: servicePort,
    host: '127.0.0.1',
    adminToken,
    // The demo is the product as a partner runs it: its own limits, and its logs printed, not kept.
    relaxed: false,
    defaultMetrics: true,
    logLevel: opts.logLevel ?? 'warn',
    printLogs: true,
    captureLogs: false,
    env: { PORTAL_URL: `http://localhost:${servicePort}`, ...opts.serviceEnv },
  });
  const servers: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const s of servers) await s.close();
    await stack.close();
  };

  try {
    const serviceUrl = stack.url;
    const partner = await servePartner({ port: opts.ports.partner, serviceUrl, admin: stack.client });
    servers.push(partner);
    const partnerUrl = `http://localhost:${partner.port}`;
    const customerSites = [];
    for (const customer of CUSTOMERS) {
      const server = await serveSite({ customer, port: opts.ports[customer.slug], serviceUrl });
      servers.push(server);
      // Each customer site is on an origin of its own; the dental clinic's on 127.0.0.1, the others'
      // on localhost, so that "the same page on another origin" exists for the allow-list to refuse.
      const origin = customer.slug === 'dental' ? `http://127.0.0.1:${server.port}` : `http://localhost:${server.port}`;
      customerSites.push({ customer, server, origin });
    }
    const seeded = await seedCustomers(
      stack.client,
      customerSites.map(({ customer, origin }) => ({ customer, allowedOrigins: [origin] })),
    );
    const sites: DemoSite[] = [];
    for (const [i, { customer, server, origin }] of customerSites.entries()) {
      const { tenant, site } = seeded[i]!;
      server.setSiteKey(site.siteKey);
      const identitySecret = customer.signedInUsers ? await seedIdentitySecret(stack.client, site, dataDir) : null;
      if (identitySecret) server.setIdentitySecret(identitySecret);
      sites.push({ customer, origin, site, tenant, identitySecret });
    }
    partner.setSites(
      sites.map((s) => ({
        slug: s.customer.slug,
        name: s.customer.tenant,
        tenantId: s.tenant.id,
        siteId: s.site.id,
        origin: s.origin,
      })),
    );
    return {
      serviceUrl,
      partnerUrl,
      adminToken,
      adminTokenFile: opts.adminToken ? null : join(dataDir, ADMIN_TOKEN_FILE),
      sites,
      stack,
      emulator: stack.running,
      close,
    };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
