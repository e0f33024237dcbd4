/**
 * Bring up the emulator and the service for a benchmark, each in a process of its own (the test
 * kit's process helpers), so the load generator, this process, shares no event loop with either;
 * then onboard one customer through the typed admin client, and make visitors on its site.
 */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { type AdminClient, createAdminClient, data } from '@tessera/admin-client';
import { randomAdminToken } from '@tessera/testkit';
import { type ChildServer, startProcess } from '@tessera/testkit/process';

export const ORIGIN = 'https://bench.example';

const EMULATOR = fileURLToPath(import.meta.resolve('@tessera/testkit/emulator-process'));
const SERVICE = join(import.meta.dirname, 'service-proc.ts');

export interface Bench {
  emulator: ChildServer<{ url: string; partnerToken: string }>;
  service: ChildServer<{ url: string }>;
  adminToken: string;
  /** The admin API of the service, typed. */
  admin: AdminClient;
  tenantId: string;
  siteId: string;
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

export async function startBench(
  opts: { tokenDelayMs?: number; env?: Record<string, string>; serviceWrapper?: string[] } = {},
): Promise<Bench> {
  const emulator = await startProcess<{ url: string; partnerToken: string }>(EMULATOR, {
    args: ['--token-delay', String(opts.tokenDelayMs ?? 0)],
  });
  const adminToken = randomAdminToken();
  let service: ChildServer<{ url: string }>;
  try {
    service = await startService(emulator, adminToken, opts.env, opts.serviceWrapper);
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  const stop = async () => {
    await service.stop();
    await emulator.stop();
  };
  try {
    const admin = createAdminClient(service.info.url, adminToken);
    const { tenant, bot, site } = await data(
      admin.POST('/admin/v1/onboardings', {
        body: { tenant: { name: 'Bench' }, bot: { name: 'Bench bot' }, site: { name: 'bench', allowedOrigins: [ORIGIN] } },
      }),
    );
    // The sub-account id, for calling the emulator directly (the baseline): asked from the emulator.
    const users = (await (
      await fetch(`${emulator.info.url}/v1/partner/user/list`, {
        headers: { authorization: `Bearer ${emulator.info.partnerToken}` },
      })
    ).json()) as { items: { id: string }[] };
    return {
      emulator,
      service,
      adminToken,
      admin,
      tenantId: tenant.id,
      siteId: site.id,
      siteKey: site.siteKey,
      subAccount: users.items[0]!.id,
      botId: bot.id,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The service's process; it reads its settings from the environment, as main.ts does. */
function startService(emulator: Bench['emulator'], adminToken: string, env: Record<string, string> = {}, wrapper?: string[]) {
  return startProcess<{ url: string }>(SERVICE, {
    nodeArgs: ['--expose-gc'],
    ...(wrapper ? { wrapper, timeoutMs: 600_000 } : {}),
    env: {
      CHATBOTKIT_API_URL: emulator.info.url,
      CHATBOTKIT_TOKEN: emulator.info.partnerToken,
      TESSERA_ADMIN_TOKEN: adminToken,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      UPSTREAM_TOTAL_TIMEOUT_MS: '3600000',
      UPSTREAM_IDLE_TIMEOUT_MS: '300000',
      ...UNLIMITED,
      ...env,
    },
  });
}

/**
 * A second service process beside the bench's, on the same emulator and admin token: a replica
 * when `env` gives it the same DATABASE_URL and REDIS_URL (and key prefix) as the bench's service
 * was started with. The caller stops it.
 */
export function startReplica(bench: Bench, env: Record<string, string>): Promise<ChildServer<{ url: string }>> {
  return startService(bench.emulator, bench.adminToken, env);
}

/**
 * startBench with the portal served at http://localhost:PORT: the portal's `__Host-` session
 * cookie needs a secure context, which localhost is, and the service must know the portal's
 * origin (PORTAL_URL) before it starts, so the port is chosen first.
 */
export async function startPortalBench(opts: { env?: Record<string, string> } = {}): Promise<Bench & { portal: string }> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const portal = `http://localhost:${port}`;
  const bench = await startBench({ env: { PORT: String(port), PORTAL_URL: portal, ...opts.env } });
  return { ...bench, portal };
}

/** Let the bench's site be embedded on `origin` too (the browser benchmarks' page server). */
export async function allowOrigin(bench: Bench, origin: string) {
  await data(
    bench.admin.PATCH('/admin/v1/sites/{siteId}', {
      params: { path: { siteId: bench.siteId } },
      body: { allowedOrigins: [ORIGIN, origin] },
    }),
  );
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
