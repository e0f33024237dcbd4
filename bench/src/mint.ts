/**
 * 1. Session minting: requests/s and latency of POST /v1/sites/{key}/sessions next to a plain Hono
 * JSON route served by the same process, measured back to back in one run; and the service
 * process's own CPU time per request of each (its process.cpuUsage() before and after each load,
 * over the requests it served), so the CPU a mint adds over the plain route can be set against
 * the one thing it cannot avoid, an Ed25519 signature. Throughput on two shared cores moves with
 * the load generator; CPU per request is the service's own cost.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { type LoadResult, load } from './load.js';
import { ORIGIN, startBench } from './setup.js';
import { round, type Row } from './stats.js';

/** The CPU a mint may add over the plain route, in signatures: its one signature, and at most half as much again for the rest. */
const ADDED_CPU_TARGET = 1.5;

/** Microseconds per signature of a session-sized payload (what every mint must pay), Ed25519 or P-256. */
function signMicros(alg: 'EdDSA' | 'ES256'): number {
  const { privateKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const payload = Buffer.from('x'.repeat(400));
  const once =
    alg === 'EdDSA'
      ? () => sign(null, payload, privateKey)
      : () => sign('sha256', payload, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  for (let i = 0; i < 2000; i++) once();
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) once();
  return ((performance.now() - t0) * 1000) / n;
}

type Measured = LoadResult & { cpuUs: number; cpuUsPerRequest: number };

interface Round {
  /** The signature timed in a loop in the service, just before the round's loads. */
  loopUs: number;
  plain: Measured;
  signed: Measured;
  mint: Measured;
  ratio: number;
  addedUs: number;
  signAddedUs: number;
  /** The figure: what a mint adds, in signatures timed in a loop. */
  addedInLoopSignatures: number;
  /** What a route that only signs adds, in the same signatures: the least any mint can add. */
  floorInLoopSignatures: number;
  /** What a mint adds, in signatures as they cost in the service under the same load. */
  addedInServiceSignatures: number;
}

/** The median of a few per-round figures, and their range. */
function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export async function benchMint(opts: { seconds: number; rounds: number }): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench();
  try {
    const base = bench.service.info.url;
    const common = { method: 'POST' as const, connections: 50, headers: { origin: ORIGIN } };
    const cpu = async () => {
      const { user, system } = (await (await fetch(`${base}/__bench/cpu`)).json()) as NodeJS.CpuUsage;
      return user + system;
    };
    /** A load, with the service's CPU microseconds over it per request served (2xx). */
    const measured = async (url: string): Promise<Measured> => {
      const before = await cpu();
      const result = await load({ ...common, url, seconds: opts.seconds });
      const cpuUs = (await cpu()) - before;
      return { ...result, cpuUs, cpuUsPerRequest: cpuUs / result.ok };
    };
    const urls = {
      plain: `${base}/__bench/plain`,
      sign: `${base}/__bench/sign`,
      mint: `${base}/v1/sites/${bench.siteKey}/sessions`,
    };
    // Warm up every path (JIT, the site cache, the signing key).
    for (const url of Object.values(urls)) await load({ ...common, url, seconds: 2 });
    // Rounds of the three loads back to back, each with the signature timed in a loop in the
    // service between them: on two shared cores every figure moves from minute to minute, and a
    // ratio is only as good as the two numbers measured closest together.
    const rounds: Round[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const loopUs = ((await (await fetch(`${base}/__bench/sign-loop?n=5000`)).json()) as { us: number }).us;
      const plain = await measured(urls.plain);
      const signed = await measured(urls.sign);
      const mint = await measured(urls.mint);
      if (mint.non2xx || mint.errors || !mint.ok)
        throw new Error(`session minting failed under load: ${mint.non2xx} non-2xx, ${mint.errors} errors`);
      if (!plain.ok || !signed.ok) throw new Error('a baseline route served nothing under load');
      const addedUs = mint.cpuUsPerRequest - plain.cpuUsPerRequest;
      const signAddedUs = signed.cpuUsPerRequest - plain.cpuUsPerRequest;
      rounds.push({
        loopUs,
        plain,
        signed,
        mint,
        ratio: mint.rps / plain.rps,
        addedUs,
        signAddedUs,
        addedInLoopSignatures: addedUs / loopUs,
        floorInLoopSignatures: signAddedUs / loopUs,
        addedInServiceSignatures: addedUs / signAddedUs,
      });
    }
    const of = (pick: (r: Round) => number) => spread(rounds.map(pick));
    const ratio = of((r) => r.ratio);
    const loop = of((r) => r.loopUs);
    const added = of((r) => r.addedUs);
    const inLoop = of((r) => r.addedInLoopSignatures);
    const floor = of((r) => r.floorInLoopSignatures);
    const inService = of((r) => r.addedInServiceSignatures);
    const plainCpu = of((r) => r.plain.cpuUsPerRequest);
    const signCpu = of((r) => r.signed.cpuUsPerRequest);
    const mintCpu = of((r) => r.mint.cpuUsPerRequest);
    // Requests/s and latency of the round whose ratio is the median.
    const typical = rounds.find((r) => r.ratio === ratio.median) ?? rounds[rounds.length >> 1]!;
    // The ceiling a mint can reach if everything but the signature were free: the plain route's
    // time per request (the service is one thread) plus one signature, timed alone in this process.
    const signUs = signMicros('EdDSA');
    const es256Us = signMicros('ES256');
    const plainUs = 1e6 / typical.plain.rps;
    const ceiling = plainUs / (plainUs + signUs);
    const es256Ceiling = plainUs / (plainUs + es256Us);
    const us = (n: number) => `${round(n, 1)} µs`;
    const range = (s: { min: number; max: number }, digits = 2, unit = '') =>
      `${round(s.min, digits)}${unit}–${round(s.max, digits)}${unit}`;
    const n = rounds.length;
    const row = (metric: string, value: string, target = '', met: boolean | null = null): Row => ({
      benchmark: 'session minting',
      metric,
      value,
      target,
      met,
    });
    const rows: Row[] = [
      row('plain Hono route req/s (p50/p99 ms)', `${round(typical.plain.rps, 0)} (${typical.plain.p50}/${typical.plain.p99})`),
      row('POST sessions req/s (p50/p99 ms)', `${round(typical.mint.rps, 0)} (${typical.mint.p50}/${typical.mint.p99})`),
      row(
        `ratio to plain route, median of ${n} rounds (range)`,
        `${round(ratio.median * 100)}% (${range({ min: ratio.min * 100, max: ratio.max * 100 }, 1, '%')})`,
        '>= 50%',
        ratio.median >= 0.5,
      ),
      row('one Ed25519 signature in a loop; ratio if only it were added', `${us(signUs)}; ${round(ceiling * 100)}%`),
      row('the same for ES256 (P-256)', `${us(es256Us)}; ${round(es256Ceiling * 100)}%`),
      row(`the Ed25519 signature in a loop in the service, between loads (range)`, `${us(loop.median)} (${range(loop, 1)})`),
      row(
        'service CPU per request: plain route / plain + one signature / mint',
        `${round(plainCpu.median, 1)} / ${round(signCpu.median, 1)} / ${us(mintCpu.median)}`,
      ),
      row('CPU a mint adds over the plain route (range)', `${us(added.median)} (${range(added, 1)})`),
      row(
        'CPU a mint adds, in signatures timed in a loop (range)',
        `${round(inLoop.median, 2)} (${range(inLoop)})`,
        `<= ${ADDED_CPU_TARGET}`,
        inLoop.median <= ADDED_CPU_TARGET,
      ),
      row('CPU a route that only signs adds, in the same signatures: the floor', `${round(floor.median, 2)} (${range(floor)})`),
      row('CPU a mint adds, in signatures as the service pays them', `${round(inService.median, 2)} (${range(inService)})`),
    ];
    return {
      rows,
      raw: {
        rounds,
        median: { ratio, loop, added, inLoop, floor, inService, plainCpu, signCpu, mintCpu },
        signUs,
        es256Us,
        ceiling,
        es256Ceiling,
        target: ADDED_CPU_TARGET,
      },
    };
  } finally {
    await bench.stop();
  }
}
