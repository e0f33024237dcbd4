/**
 * Start the whole demo in this process: the ChatBotKit emulator (or the real ChatBotKit when a
 * token is given), the token service on its embedded store, the customers' tenants, bots and sites
 * (created through the admin API on the first run, origins brought up to date on every run), and
 * one web server per customer site plus the partner's pages, each on its own origin.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startEmulator } from '@tessera/cbk-emulator';
import type { Wire } from '@tessera/protocol';
import {
  AdminClient,
  createApp,
  createLogger,
  createServices,
  listen,
  loadConfig,
  persistentAdminToken,
  shutdown,
  type Listening,
  type Services,
} from '@tessera/token-service';
import { servePartner, serveSite } from './servers.js';
import { CUSTOMERS, type DemoCustomer } from './tenants.js';

export interface DemoOptions {
  dataDir: string;
  /** Ports: the service, the partner's pages, and one per customer. 0 picks a free port. */
  ports: { service: number; partner: number; velo: number; dental: number; docs: number };
  /** A real ChatBotKit partner token; without it the embedded emulator answers. */
  chatbotkitToken?: string | undefined;
  chatbotkitApiUrl?: string | undefined;
  adminToken?: string | undefined;
  /** Emulator token delay, ms (a little delay makes streaming visible). */
  tokenDelayMs?: number;
  logLevel?: string;
  /** Extra environment for the service's configuration (tests tighten limits and timeouts). */
  serviceEnv?: Record<string, string>;
}

export interface DemoSite {
  customer: DemoCustomer;
  origin: string;
  site: Wire.Site;
  tenant: Wire.Tenant;
}

export interface Demo {
  serviceUrl: string;
  partnerUrl: string;
  adminToken: string;
  sites: DemoSite[];
  services: Services;
  emulator: Awaited<ReturnType<typeof startEmulator>> | null;
  close(): Promise<void>;
}

export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const real = Boolean(opts.chatbotkitToken);
  // Keep the emulator's world and the real one apart: their sub-account ids mean different things.
  const dataDir = resolve(opts.dataDir, real ? 'chatbotkit' : 'emulator');
  await mkdir(dataDir, { recursive: true });
  const emulator = real
    ? null
    : await startEmulator({ port: 0, stateFile: join(dataDir, 'emulator.json'), tokenDelayMs: opts.tokenDelayMs ?? 20 });
  const adminToken = opts.adminToken ?? (await persistentAdminToken(dataDir));

  const config = loadConfig({
    CHATBOTKIT_API_URL: real ? opts.chatbotkitApiUrl : emulator!.url,
    CHATBOTKIT_TOKEN: real ? opts.chatbotkitToken : emulator!.emulator.partnerToken,
    TESSERA_ADMIN_TOKEN: adminToken,
    TESSERA_DATA_DIR: dataDir,
    PORT: String(opts.ports.service),
    LOG_LEVEL: opts.logLevel ?? 'warn',
    ...opts.serviceEnv,
  });
  const services = await createServices({ config, logger: createLogger(config.logLevel) });
  const listening: Listening[] = [
    await listen(createApp(services), { port: config.port, host: '127.0.0.1', server: config.server }),
  ];
  const serviceUrl = `http://127.0.0.1:${listening[0]!.port}`;

  const partner = await servePartner({ port: opts.ports.partner, serviceUrl, adminToken });
  const partnerUrl = `http://localhost:${partner.port}`;
  const servers: { close(): Promise<void> }[] = [partner];
  const admin = new AdminClient(serviceUrl, adminToken);
  const existing = (await admin.listTenants()).items;
  const sites: DemoSite[] = [];
  for (const customer of CUSTOMERS) {
    const server = await serveSite({ customer, port: opts.ports[customer.slug], serviceUrl });
    servers.push(server);
    // Each customer site is on an origin of its own; the dental clinic's on 127.0.0.1, the others'
    // on localhost, so that "the same page on another origin" exists for the allow-list to refuse.
    const origin = customer.slug === 'dental' ? `http://127.0.0.1:${server.port}` : `http://localhost:${server.port}`;
    const allowedOrigins = [origin, partnerUrl]; // the partner's playground previews every site
    let tenant = existing.find((t) => t.name === customer.tenant);
    let site: Wire.Site | undefined;
    if (tenant) site = (await admin.listSites(tenant.id)).items.find((s) => s.name === customer.siteName);
    if (!tenant) tenant = await admin.createTenant({ name: customer.tenant });
    if (!site) {
      const bot = await admin.createBot(tenant.id, { name: customer.botName, backstory: customer.backstory });
      site = await admin.createSite(tenant.id, { name: customer.siteName, allowedOrigins, botId: bot.id, ...customer.site });
    } else if (site.allowedOrigins.join() !== allowedOrigins.join()) {
      site = await admin.updateSite(site.id, { allowedOrigins });
    }
    server.setSiteKey(site.siteKey);
    sites.push({ customer, origin, site, tenant });
  }
  partner.setSites(
    sites.map((s) => ({
      slug: s.customer.slug,
      name: s.customer.tenant,
      siteId: s.site.id,
      siteKey: s.site.siteKey,
      origin: s.origin,
    })),
  );

  return {
    serviceUrl,
    partnerUrl,
    adminToken,
    sites,
    services,
    emulator,
    async close() {
      for (const s of servers) await s.close();
      await shutdown(listening, services, { streamDrainMs: 0, shutdownTimeoutMs: 2000, logger: services.logger });
      await emulator?.close();
    },
  };
}
