/**
 * The ChatBotKit emulator as a process of its own (the benchmarks run it apart from the service and
 * from the load generator): prints one JSON line `{"url","partnerToken"}` once ready, and serves
 * until SIGTERM, SIGINT or its stdin closes.
 *
 *   node --import tsx <this file> [--token-delay MS]
 */
import { parseArgs } from 'node:util';
import { startEmulator } from '@tessera/cbk-emulator';
import { untilStopped } from './process.js';

const { values } = parseArgs({ options: { 'token-delay': { type: 'string', default: '0' } } });
const tokenDelayMs = Number(values['token-delay']);
if (!Number.isInteger(tokenDelayMs) || tokenDelayMs < 0) {
  console.error('emulator-process: --token-delay must be a whole number of milliseconds');
  process.exit(2);
}
const running = await startEmulator({ port: 0, tokenDelayMs });
process.stdout.write(`${JSON.stringify({ url: running.url, partnerToken: running.emulator.partnerToken })}\n`);
untilStopped(() => running.close());
