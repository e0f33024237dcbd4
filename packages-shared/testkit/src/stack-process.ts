/**
 * A stack as a process of its own (for the widget's browser tests): starts the emulator and the
 * service on free loopback ports with an in-memory store, prints one JSON line
 * `{"serviceUrl","emulatorUrl","adminToken","partnerToken"}` once ready, and serves until SIGTERM,
 * SIGINT or its stdin closes (so it dies with the process that spawned it). Service settings
 * (RATE_*, SESSION_TTL_SECONDS, ...) are read from the environment.
 *
 *   node --import tsx <this file> [--token-delay MS]
 */
import { parseArgs } from 'node:util';
import { untilStopped } from './process.js';
import { Stack } from './stack.js';

const { values } = parseArgs({ options: { 'token-delay': { type: 'string', default: '0' } } });
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^[A-Z][A-Z0-9_]*$/.test(k)));
const stack = await Stack.start({
  env: {
    ...env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    UPSTREAM_FIRST_BYTE_TIMEOUT_MS: process.env.UPSTREAM_FIRST_BYTE_TIMEOUT_MS ?? '3000',
    UPSTREAM_IDLE_TIMEOUT_MS: process.env.UPSTREAM_IDLE_TIMEOUT_MS ?? '3000',
  },
  relaxed: false,
  printLogs: true,
  emulator: { tokenDelayMs: Number(values['token-delay']) },
});
process.stdout.write(
  `${JSON.stringify({ serviceUrl: stack.url, emulatorUrl: stack.emulatorUrl, adminToken: stack.adminToken, partnerToken: stack.partnerToken })}\n`,
);

untilStopped(() => stack.close());
