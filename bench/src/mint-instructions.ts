/**
 * 1b. Session minting in instructions: the same three routes as `mint` (the plain route, the plain
 * route plus one Ed25519 signature, POST sessions), with the service run under valgrind's callgrind,
 * which counts the instructions the process executes (user space, every thread) whatever else the
 * machine does. CPU time per request (`pnpm bench mint`) moves by a third from round to round on
 * two shared cores; an instruction count does not, so it says reliably how much work a mint does
 * beside its signature. It does not count what that work costs in time (cache misses, the kernel's
 * share of each request): `mint` measures that.
 *
 * After a warm-up (JIT tiers), rounds of `batch` sequential requests per route, interleaved; each
 * route's figure is its smallest batch: a batch only ever gains instructions from what runs beside it
 * (a timer, a GC cycle, both stretched by valgrind's slowdown), never loses any. The signature in
 * a loop is the smallest of three calls of 800 signatures each, per signature.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { ORIGIN, startBench } from './setup.js';
import type { Row } from './stats.js';

/** The instructions a mint may add over the plain route, in signatures: the target, counted. */
const ADDED_TARGET = 1.5;
/** valgrind names its control pipes after $HOST, which the service's environment sets to its address. */
const VGDB = ['--vgdb=yes', '--vgdb-prefix=/tmp/tessera-bench-vgdb'];
const SERVICE_HOST = '127.0.0.1';

export function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function benchMintInstructions(opts: {
  warm: number;
  batch: number;
  rounds: number;
}): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench({
    serviceWrapper: ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--callgrind-out-file=/dev/null', ...VGDB],
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const pid = String(bench.service.child.pid);
    const control = (...args: string[]) =>
      execFileSync('callgrind_control', [VGDB[1]!, ...args, pid], {
        encoding: 'utf8',
        env: { ...process.env, HOST: SERVICE_HOST },
      });
    /** Instructions the service has executed since counting started, all threads. */
    const counted = () =>
      [...control('-e', 'Ir').matchAll(/Th\s+\d+\s+([\d,]+)/g)].reduce((sum, m) => sum + Number(m[1]!.replaceAll(',', '')), 0);
    const call = (url: string, method: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(url, { method, agent, headers: { origin: ORIGIN } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end();
      });
    const many = async (url: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const status = await call(url, 'POST');
        if (status >= 300) throw new Error(`${url} answered ${status}`);
      }
    };
    const base = bench.service.info.url;
    const urls = {
      plain: `${base}/__bench/plain`,
      sign: `${base}/__bench/sign`,
      mint: `${base}/v1/sites/${bench.siteKey}/sessions`,
    };
    for (const url of Object.values(urls)) await many(url, opts.warm);
    control('-i', 'on');
    const batches: Record<keyof typeof urls, number[]> = { plain: [], sign: [], mint: [] };
    for (let r = 0; r < opts.rounds; r++) {
      for (const name of ['plain', 'sign', 'mint'] as const) {
        const before = counted();
        await many(urls[name], opts.batch);
        batches[name].push((counted() - before) / opts.batch);
      }
    }
    // The loop endpoint signs 500 times to warm up, then n times; one call's own request is ~0.1%.
    const loops: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = counted();
      if ((await call(`${base}/__bench/sign-loop?n=300`, 'GET')) !== 200) throw new Error('sign-loop failed');
      loops.push((counted() - before) / 800);
    }
    const least = (v: number[]) => Math.min(...v);
    const signature = least(loops);
    const plain = least(batches.plain);
    const signed = least(batches.sign);
    const mint = least(batches.mint);
    const added = (mint - plain) / signature;
    const floor = (signed - plain) / signature;
    const k = (n: number) => `${Math.round(n / 1000).toLocaleString('en-US')}k`;
    const row = (metric: string, value: string, target = '', met: boolean | null = null): Row => ({
      benchmark: 'session minting (instructions)',
      metric,
      value,
      target,
      met,
    });
    return {
      rows: [
        row('instructions per request: plain route / plain + one signature / mint', `${k(plain)} / ${k(signed)} / ${k(mint)}`),
        row('one Ed25519 signature in a loop', k(signature)),
        row(
          'instructions a mint adds, in signatures',
          String(Math.round(added * 100) / 100),
          `<= ${ADDED_TARGET}`,
          added <= ADDED_TARGET,
        ),
        row('instructions a route that only signs adds, in signatures', String(Math.round(floor * 100) / 100)),
        row('a mint beside its signature: instructions', k(mint - signed)),
      ],
      raw: { batches, loops, signature, plain, signed, mint, added, floor, opts },
    };
  } finally {
    agent.destroy();
    await bench.stop();
  }
}
