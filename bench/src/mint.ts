/**
 * 1. Session minting: requests/s and latency of POST /v1/sites/{key}/sessions next to a plain Hono
 * JSON route served by the same process, measured back to back in one run.
 */
import { load } from './load.js';
import { ORIGIN, startBench } from './setup.js';
import { round, type Row } from './stats.js';

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
    if (mint.non2xx || mint.errors) throw new Error(`session minting failed under load: ${mint.non2xx} non-2xx, ${mint.errors} errors`);
    const ratio = mint.rps / plain.rps;
    const rows: Row[] = [
      { benchmark: 'session minting', metric: 'plain Hono route req/s (p50/p99 ms)', value: `${round(plain.rps, 0)} (${plain.p50}/${plain.p99})`, target: '', met: null },
      { benchmark: 'session minting', metric: 'POST sessions req/s (p50/p99 ms)', value: `${round(mint.rps, 0)} (${mint.p50}/${mint.p99})`, target: '', met: null },
      { benchmark: 'session minting', metric: 'ratio to plain route', value: `${round(ratio * 100)}%`, target: '>= 50%', met: ratio >= 0.5 },
    ];
    return { rows, raw: { plain, mint, ratio } };
  } finally {
    await bench.stop();
  }
}
