/**
 * The token service as a benchmark process, built as main.ts builds it (its settings from the
 * environment, createService, createApp) on an in-memory PGlite, or on DATABASE_URL's PostgreSQL
 * when set (replicas share one), plus bench-only routes outside the service's middleware:
 *
 *   POST /__bench/plain  a plain Hono JSON route: the same-run baseline for session minting
 *   POST /__bench/sign   the plain route plus one Ed25519 signature: what a signature costs in this process
 *   GET  /__bench/sign-loop?n=  the same signature n times in a loop here: its CPU microseconds each
 *   GET  /__bench/cpu    this process's CPU time so far (process.cpuUsage(), microseconds)
 *   POST /__bench/gc     a full garbage collection, then process.memoryUsage() (run with --expose-gc)
 *   POST /__bench/heap   a heap snapshot (investigations only): ?file=/tmp/x.heapsnapshot
 *
 * Prints {"url"} once listening; stops when its stdin closes (the test kit's process helpers).
 * BENCH_CPU_PROFILE=<file> writes a V8 CPU profile of the whole run (for investigations).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { Hono } from 'hono';
import {
  createApp,
  createLogger,
  createService,
  listen,
  loadConfig,
  migrate,
  openPglite,
  openStore,
} from '@tessera/token-service';
import { untilStopped } from '@tessera/testkit/process';

const config = loadConfig(process.env);
const db = config.databaseUrl ? await openStore(config) : await openPglite();
if (!config.databaseUrl) await migrate(db);
const service = await createService({ config, logger: createLogger(config.logLevel), db });

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const app = new Hono();
app.post('/__bench/plain', (c) => c.json({ token: 'x'.repeat(300), expiresAt: Date.now(), visitorId: 'vi_plain' }, 201));
// The plain route plus one Ed25519 signature of a token-sized input: what a signature costs where
// it is spent (in this process, under this load), next to the signature timed alone in a loop.
const signKey = generateKeyPairSync('ed25519').privateKey;
const signingInput = () =>
  `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify({ jti: Math.random(), pad: 'x'.repeat(250) })).toString('base64url')}`;
app.post('/__bench/sign', (c) => {
  const input = signingInput();
  const token = `${input}.${sign(null, Buffer.from(input), signKey).toString('base64url')}`;
  return c.json({ token, expiresAt: Date.now(), visitorId: 'vi_plain' }, 201);
});
// The same signature timed in a loop in this process, between loads: the yardstick of the added
// CPU, measured where the loads run (the bench process's own loop differs run to run on shared cores).
app.get('/__bench/sign-loop', (c) => {
  const n = Number(c.req.query('n') ?? 5000);
  const input = Buffer.from(signingInput());
  for (let i = 0; i < 500; i++) sign(null, input, signKey);
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) sign(null, input, signKey);
  const spent = process.cpuUsage(before);
  return c.json({ us: (spent.user + spent.system) / n });
});
app.get('/__bench/cpu', (c) => c.json(process.cpuUsage()));
app.post('/__bench/gc', (c) => {
  gc();
  return c.json(process.memoryUsage());
});
app.post('/__bench/heap', async (c) => {
  gc();
  const { writeHeapSnapshot } = await import('node:v8');
  return c.json({ file: writeHeapSnapshot(c.req.query('file')) });
});
app.route('/', createApp(service));
const { port } = await listen(app, { port: config.port, host: config.host, server: config.server });
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);

const profiler = process.env.BENCH_CPU_PROFILE ? await startProfiler(process.env.BENCH_CPU_PROFILE) : null;
untilStopped(async () => {
  await profiler?.();
  await service.close();
  await db.close();
});

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
