/**
 * Standalone runner (`pnpm start`): the only file that reads process.env and listens. Env:
 * PORT (default 8788), EMULATOR_HOST (default 127.0.0.1), EMULATOR_TOKEN_DELAY_MS,
 * EMULATOR_PING_INTERVAL_MS, EMULATOR_STATE_FILE, EMULATOR_PARTNER_TOKEN (comma list allowed).
 * Prints the URL and partner token; stops cleanly on SIGINT/SIGTERM.
 */
import { startEmulator } from './server.js';
import type { StartOptions } from './server.js';

function intFromEnv(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`cbk-emulator: ${name} must be a non-negative integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const tokens = (process.env['EMULATOR_PARTNER_TOKEN'] ?? '')
  .split(',')
  .map((token) => token.trim())
  .filter(Boolean);
const badToken = tokens.find((token) => !token.startsWith('sk-'));
if (badToken !== undefined) {
  console.error('cbk-emulator: EMULATOR_PARTNER_TOKEN must start with "sk-"');
  process.exit(2);
}

const options: StartOptions = {
  port: intFromEnv('PORT', 8788),
  hostname: process.env['EMULATOR_HOST'] || '127.0.0.1',
};
const tokenDelayMs = intFromEnv('EMULATOR_TOKEN_DELAY_MS', undefined);
const pingIntervalMs = intFromEnv('EMULATOR_PING_INTERVAL_MS', undefined);
if (tokenDelayMs !== undefined) options.tokenDelayMs = tokenDelayMs;
if (pingIntervalMs !== undefined) options.pingIntervalMs = pingIntervalMs;
if (process.env['EMULATOR_STATE_FILE']) options.stateFile = process.env['EMULATOR_STATE_FILE'];
if (tokens.length > 0) options.partnerTokens = tokens;

const running = await startEmulator(options);
console.log(`cbk-emulator listening on ${running.url}`);
console.log(`  API base:      ${running.url}/v1 (also /api/v1)`);
console.log(`  partner token: ${running.emulator.partnerToken}`);
console.log(`  control API:   ${running.url}/_emulator/{faults,requests,completions,reset,config}`);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`cbk-emulator: ${signal}, shutting down`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('cbk-emulator: shutdown failed', error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
