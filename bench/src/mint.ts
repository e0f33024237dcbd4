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

export async function benchMint(opts: { seconds: number }): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench();
  try {
    const base = bench.service.info.url;
    const common = { method: 'POST' as const, connections: 50, headers: { origin: ORIGIN } };
    const cpu = async () => {
      const { user, system } = (await (await fetch(`${base}/__bench/cpu`)).json()) as NodeJS.CpuUsage;
      return user + system;
    };
    /** A load, with the service's CPU microseconds over it per request served (2xx). */
    const measured = async (url: string): Promise<LoadResult & { cpuUs: number; cpuUsPerRequest: number }> => {
      const before = await cpu();
      const result = await load({ ...common, url, seconds: opts.seconds });
      const cpuUs = (await cpu()) - before;
      return { ...result, cpuUs, cpuUsPerRequest: cpuUs / result.ok };
    };
    // Warm up both paths (JIT, the site cache, the signing key).
    await load({ ...common, url: `${base}/__bench/plain`, seconds: 2 });
    await load({ ...common, url: `${base}/__bench/sign`, seconds: 2 });
    await load({ ...common, url: `${base}/v1/sites/${bench.siteKey}/sessions`, seconds: 2 });
    const plain = await measured(`${base}/__bench/plain`);
    const signed = await measured(`${base}/__bench/sign`);
    const mint = await measured(`${base}/v1/sites/${bench.siteKey}/sessions`);
    if (mint.non2xx || mint.errors || !mint.ok)
      throw new Error(`session minting failed under load: ${mint.non2xx} non-2xx, ${mint.errors} errors`);
    if (!plain.ok) throw new Error('the plain route served nothing under load');
    const ratio = mint.rps / plain.rps;
    // The ceiling a mint can reach if everything but the signature were free: the plain route's
    // time per request (the service is one thread) plus one signature.
    const signUs = signMicros('EdDSA');
    const es256Us = signMicros('ES256');
    const plainUs = 1e6 / plain.rps;
    const ceiling = plainUs / (plainUs + signUs);
    const es256Ceiling = plainUs / (plainUs + es256Us);
    const addedCpuUs = mint.cpuUsPerRequest - plain.cpuUsPerRequest;
    const addedSignatures = addedCpuUs / signUs;
    // The same signature where it is spent: in the service process, between requests (its tables
    // are no longer in the CPU's caches there, so it costs more than in the loop above).
    const signInSituUs = signed.cpuUsPerRequest - plain.cpuUsPerRequest;
    const addedInSitu = addedCpuUs / signInSituUs;
    const us = (n: number) => `${round(n, 1)} µs`;
    const rows: Row[] = [
      {
        benchmark: 'session minting',
        metric: 'plain Hono route req/s (p50/p99 ms)',
        value: `${round(plain.rps, 0)} (${plain.p50}/${plain.p99})`,
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: 'POST sessions req/s (p50/p99 ms)',
        value: `${round(mint.rps, 0)} (${mint.p50}/${mint.p99})`,
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: 'ratio to plain route',
        value: `${round(ratio * 100)}%`,
        target: '>= 50%',
        met: ratio >= 0.5,
      },
      {
        benchmark: 'session minting',
        metric: 'one Ed25519 signature; ratio if only it were added',
        value: `${round(signUs, 1)} us; ${round(ceiling * 100)}%`,
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: 'the same for ES256 (P-256)',
        value: `${round(es256Us, 1)} us; ${round(es256Ceiling * 100)}%`,
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: 'service CPU per request: plain route',
        value: us(plain.cpuUsPerRequest),
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: 'service CPU per request: POST sessions',
        value: us(mint.cpuUsPerRequest),
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: 'CPU a mint adds (mint - plain)',
        value: us(addedCpuUs),
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: `added CPU / one Ed25519 signature (${us(signUs)})`,
        value: `${round(addedSignatures, 2)} signatures`,
        target: `<= ${ADDED_CPU_TARGET} signatures`,
        met: addedSignatures <= ADDED_CPU_TARGET,
      },
      {
        benchmark: 'session minting',
        metric: 'service CPU per request: plain route + one signature',
        value: us(signed.cpuUsPerRequest),
        target: '',
        met: null,
      },
      {
        benchmark: 'session minting',
        metric: `added CPU / one signature in the service (${us(signInSituUs)})`,
        value: `${round(addedInSitu, 2)} signatures`,
        target: '',
        met: null,
      },
    ];
    return {
      rows,
      raw: {
        plain,
        mint,
        ratio,
        signUs,
        signed,
        signInSituUs,
        addedInSitu,
        ceiling,
        es256Us,
        es256Ceiling,
        cpu: {
          plainUsPerRequest: plain.cpuUsPerRequest,
          mintUsPerRequest: mint.cpuUsPerRequest,
          addedUsPerMint: addedCpuUs,
          signatureUs: signUs,
          addedInSignatures: addedSignatures,
          target: ADDED_CPU_TARGET,
        },
      },
    };
  } finally {
    await bench.stop();
  }
}
