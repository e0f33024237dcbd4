/** Bring up the emulator and the service for a benchmark, and a site with visitors on it. */
import { AdminClient } from '@tessera/token-service';
import { spawnReady, type Proc } from './procs.js';

export const ORIGIN = 'https://bench.example';

export interface Bench {
  emulator: Proc<{ url: string; partnerToken: string }>;
  service: Proc<{ url: string; adminToken: string }>;
  siteKey: string;
  subAccount: string;
  botId: string;
  stop(): Promise<void>;
}

/** Every limit far above what a benchmark sends: the benchmarks measure the path, not the limits. */
const UNLIMITED = {
  RATE_REQUESTS_PER_IP_PER_MINUTE: '100000000',
  RATE_SESSIONS_PER_IP_PER_MINUTE: '100000000',
  RATE_SESSIONS_PER_SITE_PER_MINUTE: '100000000',
  RATE_CONVERSATIONS_PER_VISITOR_PER_HOUR: '100000000',
  RATE_MESSAGES_PER_VISITOR_PER_MINUTE: '100000000',
  MAX_STREAMS_PER_VISITOR: '100000',
  MAX_STREAMS_PER_PROCESS: '100000',
  BREAKER_FAILURE_THRESHOLD: '100000',
};

export async function startBench(opts: { tokenDelayMs?: number; env?: Record<string, string> } = {}): Promise<Bench> {
  const emulator = await spawnReady<{ url: string; partnerToken: string }>('emulator-proc.ts', {
    EMULATOR_TOKEN_DELAY_MS: String(opts.tokenDelayMs ?? 0),
  });
  const service = await spawnReady<{ url: string; adminToken: string }>('service-proc.ts', {
    CHATBOTKIT_API_URL: emulator.info.url,
    CHATBOTKIT_TOKEN: emulator.info.partnerToken,
    UPSTREAM_TOTAL_TIMEOUT_MS: '3600000',
    UPSTREAM_IDLE_TIMEOUT_MS: '300000',
    ...UNLIMITED,
    ...opts.env,
  });
  const admin = new AdminClient(service.info.url, service.info.adminToken);
  const tenant = await admin.createTenant({ name: 'Bench' });
  const bot = await admin.createBot(tenant.id, { name: 'Bench bot' });
  const site = await admin.createSite(tenant.id, { name: 'bench', allowedOrigins: [ORIGIN], botId: bot.id });
  // The sub-account id, for calling the emulator directly (the baseline): asked from the emulator.
  const users = (await (
    await fetch(`${emulator.info.url}/v1/partner/user/list`, {
      headers: { authorization: `Bearer ${emulator.info.partnerToken}` },
    })
  ).json()) as { items: { id: string }[] };
  return {
    emulator,
    service,
    siteKey: site.siteKey,
    subAccount: users.items[0]!.id,
    botId: bot.id,
    async stop() {
      await service.stop();
      await emulator.stop();
    },
  };
}

export async function visitor(bench: Bench) {
  const s = (await (
    await fetch(`${bench.service.info.url}/v1/sites/${bench.siteKey}/sessions`, { method: 'POST', headers: { origin: ORIGIN } })
  ).json()) as { token: string };
  const headers = { origin: ORIGIN, authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
  const conv = (await (
    await fetch(`${bench.service.info.url}/v1/sites/${bench.siteKey}/conversations`, { method: 'POST', headers, body: '{}' })
  ).json()) as { conversationId: string };
  return { token: s.token, headers, conversationId: conv.conversationId };
}
