/**
 * The token service as a benchmark process, exactly as main.ts builds it (in-memory PGlite), plus
 * one extra route outside the service's middleware, `POST /__bench/plain`: a plain Hono JSON route,
 * the same-run baseline for session minting. Prints {"url","adminToken"}.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { Hono } from 'hono';
import { createApp, createLogger, createServices, listen, loadConfig, migrate, openPglite } from '@tessera/token-service';

const adminToken = `adm_${randomBytes(24).toString('base64url')}`;
const config = loadConfig({
  ...process.env,
  TESSERA_ADMIN_TOKEN: adminToken,
  PORT: '0',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
});
const db = await openPglite();
await migrate(db);
const services = await createServices({ config, logger: createLogger(config.logLevel), db });
const app = new Hono();
// Run the garbage collector before a memory reading (the process is started with --expose-gc).
app.post('/__bench/gc', (c) => {
  (globalThis as { gc?: () => void }).gc?.();
  return c.json(process.memoryUsage());
});
// Write a heap snapshot (investigations only): POST /__bench/heap?file=/tmp/x.heapsnapshot
app.post('/__bench/heap', async (c) => {
  (globalThis as { gc?: () => void }).gc?.();
  const { writeHeapSnapshot } = await import('node:v8');
  return c.json({ file: writeHeapSnapshot(c.req.query('file')) });
});
app.post('/__bench/plain', (c) => c.json({ token: 'x'.repeat(300), expiresAt: Date.now(), visitorId: 'vi_plain' }, 201));
app.route('/', createApp(services));
const { port } = await listen(app, { port: 0, host: '127.0.0.1', server: config.server });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, adminToken })}\n`);
// BENCH_CPU_PROFILE=<file>: write a V8 CPU profile of the whole run (for `pnpm bench` investigations).
const profiler = process.env.BENCH_CPU_PROFILE ? await startProfiler(process.env.BENCH_CPU_PROFILE) : null;
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void (profiler?.() ?? Promise.resolve()).then(() => services.close()).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();

async function startProfiler(file: string) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
  };
}
