/**
 * The service's entry point: the only file that reads process.env and listens. It needs the
 * partner's ChatBotKit token and an admin token (a local demo against an emulator is `pnpm start`
 * in the repository, which lives in demo/). SIGINT and SIGTERM drain and stop it (http/server.ts).
 */
import { Hono } from 'hono';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { AppEnv } from './http/context.js';
import { metricsRoutes } from './http/routes/index.js';
import { listen, shutdown } from './http/server.js';
import { createLogger } from './platform/logger.js';
import { createService } from './service.js';

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
  const service = await createService({ config, logger });
  const app = createApp(service);

  const listening = [await listen(app, { port: config.port, host: config.host, server: config.server })];
  if (config.metricsPort !== null) {
    const metricsApp = new Hono<AppEnv>();
    metricsRoutes(metricsApp, service);
    listening.push(await listen(metricsApp, { port: config.metricsPort, host: config.host, server: config.server }));
  }
  logger.info(
    {
      port: listening[0]!.port,
      host: config.host,
      publicUrl: config.publicUrl,
      store: config.databaseUrl ? 'postgres' : 'pglite',
      metricsPort: config.metricsPort,
    },
    'listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await shutdown(listening, service, { ...config.server, logger });
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
