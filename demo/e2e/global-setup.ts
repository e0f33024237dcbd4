/**
 * Start the whole demo once for the end-to-end run (free ports, a fresh data directory) and hand
 * its addresses to the test files.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDemo } from '../src/stack.js';

export interface DemoInfo {
  serviceUrl: string;
  partnerUrl: string;
  emulatorUrl: string;
  partnerToken: string;
  adminToken: string;
  sites: Record<
    'velo' | 'dental' | 'docs',
    {
      origin: string;
      siteKey: string;
      siteId: string;
      tenantId: string;
      title: string;
      /** The secret the site's server signs identity tokens with (null: no signed-in users); it must never reach a browser. */
      identitySecret: string | null;
    }
  >;
}

declare module 'vitest' {
  export interface ProvidedContext {
    demo: DemoInfo;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-e2e-'));
  const demo = await startDemo({
    dataDir,
    ports: { service: 0, partner: 0, velo: 0, dental: 0, docs: 0 },
    tokenDelayMs: 15,
    serviceEnv: { RATE_SESSIONS_PER_IP_PER_MINUTE: '10000', RATE_REQUESTS_PER_IP_PER_MINUTE: '100000' },
  });
  const sites = Object.fromEntries(
    demo.sites.map((s) => [
      s.customer.slug,
      {
        origin: s.origin,
        siteKey: s.site.siteKey,
        siteId: s.site.id,
        tenantId: s.tenant.id,
        title: s.site.title,
        identitySecret: s.identitySecret,
      },
    ]),
  ) as DemoInfo['sites'];
  project.provide('demo', {
    serviceUrl: demo.serviceUrl,
    partnerUrl: demo.partnerUrl,
    emulatorUrl: demo.emulator!.url,
    partnerToken: demo.emulator!.emulator.partnerToken,
    adminToken: demo.adminToken,
    sites,
  });
  return async () => {
    await demo.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
