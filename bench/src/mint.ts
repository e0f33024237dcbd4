/**
 * 1. Session minting: requests/s and latency of POST /v1/sites/{key}/sessions next to a plain Hono
 * JSON route served by the same process, measured back to back in one run.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { load } from './load.js';
import { ORIGIN, startBench } from './setup.js';
import { round, type Row } from './stats.js';

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
    // Warm up both paths (JIT, the site cache, the signing key).
    await load({ ...common, url: `${base}/__bench/plain`, seconds: 2 });
    await load({ ...common, url: `${base}/v1/sites/${bench.siteKey}/sessions`, seconds: 2 });
    const plain = await load({ ...common, url: `${base}/__bench/plain`, seconds: opts.seconds });
    const mint = await load({ ...common, url: `${base}/v1/sites/${bench.siteKey}/sessions`, seconds: opts.seconds });
    if (mint.non2xx || mint.errors)
      throw new Error(`session minting failed under load: ${mint.non2xx} non-2xx, ${mint.errors} errors`);
    const ratio = mint.rps / plain.rps;
    // The ceiling a mint can reach if everything but the signature were free: the plain route's
    // time per request (the service is one thread) plus one signature.
    const signUs = signMicros('EdDSA');
    const es256Us = signMicros('ES256');
    const plainUs = 1e6 / plain.rps;
    const ceiling = plainUs / (plainUs + signUs);
    const es256Ceiling = plainUs / (plainUs + es256Us);
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
    ];
    return { rows, raw: { plain, mint, ratio, signUs, ceiling, es256Us, es256Ceiling } };
  } finally {
    await bench.stop();
  }
}
