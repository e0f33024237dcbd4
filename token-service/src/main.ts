/**
 * The service's entry point: the only file that reads process.env and listens. Without
 * CHATBOTKIT_TOKEN it runs the demo: an embedded ChatBotKit emulator (its state kept next to the
 * data), a generated admin token, and a seeded demo tenant, bot and site.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Hono } from 'hono';
import { startEmulator } from '@tessera/cbk-emulator';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_ORIGINS, seedDemo } from './demo-seed.js';
import { persistentAdminToken } from './lib/demo-token.js';
import { createLogger } from './lib/logger.js';
import { metricsRoutes } from './routes/system.js';
import { listen, shutdown } from './server.js';
import { createServices } from './services.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const demo = config.upstream.token === null;
  const stops: (() => Promise<void>)[] = [];

  if (!config.databaseUrl || demo) await mkdir(config.dataDir, { recursive: true });
  if (demo) {
    const emulator = await startEmulator({ port: 0, stateFile: resolve(config.dataDir, 'emulator.json'), tokenDelayMs: 25 });
    stops.push(() => emulator.close());
    config = {
      ...config,
      upstream: { apiUrl: emulator.url, token: emulator.emulator.partnerToken },
      adminToken: config.adminToken ?? (await persistentAdminToken(config.dataDir)),
    };
  }

  const services = await createServices({ config, logger });
  const app = createApp(services);
  const seed = demo ? await seedDemo(app, config.adminToken!) : null;

  const listening = [await listen(app, { port: config.port, host: config.host, server: config.server })];
  if (config.metricsPort !== null) {
    const metricsApp = new Hono().route('/metrics', metricsRoutes(services));
    listening.push(await listen(metricsApp, { port: config.metricsPort, host: config.host, server: config.server }));
  }
  const port = listening[0]!.port;
  logger.info({ port, host: config.host, store: services.db.kind, demo, metricsPort: config.metricsPort }, 'listening');
  if (seed) {
    const publicUrl = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    console.log(
      [
        '',
        'Tessera is running against the local ChatBotKit emulator (no CHATBOTKIT_TOKEN set).',
        `  service      ${publicUrl}   (health: ${publicUrl}/healthz)`,
        `  admin token  ${config.adminToken}`,
        `  site key     ${seed.site.siteKey}   (tenant "${seed.tenant.name}")`,
        `  allowed      ${DEMO_ORIGINS.join(', ')}`,
        '',
        'Try it:',
        `  curl -s -X POST ${publicUrl}/v1/sites/${seed.site.siteKey}/sessions -H 'Origin: ${DEMO_ORIGINS[0]}'`,
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await shutdown(listening, services, { ...config.server, logger });
    for (const s of stops.reverse()) await s();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // Startup failures: print the message only; a stack trace may carry connection strings.
  console.error(`tessera: failed to start: ${(err as Error).message ?? String(err)}`);
  process.exit(1);
});
