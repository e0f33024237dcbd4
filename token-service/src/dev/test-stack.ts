/**
 * A throwaway stack for browser tests and benchmarks: the ChatBotKit emulator and the token service
 * on free loopback ports, with an in-memory store. Prints one JSON line
 * `{"serviceUrl","emulatorUrl","adminToken","partnerToken"}` on stdout once ready, then serves until
 * SIGTERM/SIGINT or until its stdin closes (so it dies with the process that spawned it). Other
 * settings (RATE_*, SESSION_TTL_SECONDS, ...) are read from the environment like the service's.
 *
 *   tsx src/dev/test-stack.ts [--port N] [--token-delay MS]
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { startEmulator } from '@tessera/cbk-emulator';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { createServices } from '../services.js';
import { openPglite } from '../store/db.js';
import { migrate } from '../store/migrations.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, 'token-delay': { type: 'string', default: '0' } },
});

const emulator = await startEmulator({ port: 0, tokenDelayMs: Number(values['token-delay']) });
const adminToken = `adm_${randomBytes(24).toString('base64url')}`;
// Any other setting (limits, session lifetime, timeouts) may come from the environment.
const config = loadConfig({
  ...process.env,
  CHATBOTKIT_API_URL: emulator.url,
  CHATBOTKIT_TOKEN: emulator.emulator.partnerToken,
  TESSERA_ADMIN_TOKEN: adminToken,
  PORT: values.port,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  UPSTREAM_FIRST_BYTE_TIMEOUT_MS: process.env.UPSTREAM_FIRST_BYTE_TIMEOUT_MS ?? '3000',
  UPSTREAM_IDLE_TIMEOUT_MS: process.env.UPSTREAM_IDLE_TIMEOUT_MS ?? '3000',
});
const db = await openPglite();
await migrate(db);
const services = await createServices({ config, logger: createLogger(config.logLevel, process.stderr as never), db });
const server = serve({ fetch: createApp(services).fetch, port: config.port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(
    `${JSON.stringify({
      serviceUrl: `http://127.0.0.1:${info.port}`,
      emulatorUrl: emulator.url,
      adminToken,
      partnerToken: emulator.emulator.partnerToken,
    })}\n`,
  );
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  if ('closeAllConnections' in server) server.closeAllConnections();
  await services.close();
  await db.close();
  await emulator.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
