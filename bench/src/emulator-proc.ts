/** The ChatBotKit emulator as a benchmark process: prints {"url","partnerToken"}. */
import { startEmulator } from '@tessera/cbk-emulator';

const { url, emulator, close } = await startEmulator({
  port: 0,
  tokenDelayMs: Number(process.env.EMULATOR_TOKEN_DELAY_MS ?? 0),
});
process.stdout.write(`${JSON.stringify({ url, partnerToken: emulator.partnerToken })}\n`);
const stop = () => void close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
