/**
 * 3. Concurrent streams: hold 1,000 and then 5,000 slow answer streams through the service (one
 * token a second from the emulator), and report the service's resident memory per held stream, its
 * event-loop lag, and the latency of its health check meanwhile.
 */
import { startBench, visitor } from './setup.js';
import { percentile, round, type Row } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metric(base: string, adminToken: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
  const m = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function healthLatencies(base: string, ms: number): Promise<number[]> {
  const out: number[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const t = performance.now();
    await (await fetch(`${base}/healthz`)).text();
    out.push(performance.now() - t);
    await sleep(100);
  }
  return out;
}

export async function benchStreams(opts: { holdSeconds: number; counts: number[] }): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench({ tokenDelayMs: 1000 });
  const base = bench.service.info.url;
  const admin = bench.service.info.adminToken;
  const open: ReadableStreamDefaultReader<Uint8Array>[] = [];
  const aborts: AbortController[] = [];
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  try {
    const visitors = await Promise.all(Array.from({ length: 20 }, () => visitor(bench)));
    // Settle the process (JIT, first connections) before the baseline.
    await sleep(2000);
    const rssAfterGc = async () => ((await (await fetch(`${base}/__bench/gc`, { method: 'POST' })).json()) as { rss: number }).rss;
    const baseline = await rssAfterGc();
    for (const count of opts.counts) {
      while (open.length < count) {
        const batch = Math.min(250, count - open.length);
        await Promise.all(
          Array.from({ length: batch }, async (_, i) => {
            const v = visitors[(open.length + i) % visitors.length]!;
            const abort = new AbortController();
            const res = await fetch(`${base}/v1/sites/${bench.siteKey}/conversations/${v.conversationId}/messages`, {
              method: 'POST',
              headers: v.headers,
              body: JSON.stringify({ text: 'tokens:3600' }),
              signal: abort.signal,
            });
            if (res.status !== 200) throw new Error(`stream ${open.length + i} answered ${res.status}`);
            const reader = res.body!.getReader();
            await reader.read(); // the stream is flowing
            open.push(reader);
            aborts.push(abort);
          }),
        );
      }
      // Keep reading (a visitor's browser would); tokens arrive once a second per stream.
      const drains = open.map(async (r) => {
        try {
          for (;;) if ((await r.read()).done) return;
        } catch {
          // aborted at the end
        }
      });
      void drains;
      await sleep(2000);
      await metric(base, admin, 'tessera_nodejs_eventloop_lag_p99_seconds'); // starts a fresh lag window
      const health = await healthLatencies(base, opts.holdSeconds * 1000);
      const lagP99 = (await metric(base, admin, 'tessera_nodejs_eventloop_lag_p99_seconds')) * 1000;
      const openStreams = await metric(base, admin, 'tessera_relay_open_streams');
      const perStream = ((await rssAfterGc()) - baseline) / count;
      const label = `held streams (${count.toLocaleString('en')})`;
      rows.push(
        { benchmark: label, metric: 'streams open in the service', value: String(openStreams), target: String(count), met: openStreams === count },
        { benchmark: label, metric: 'RSS per held stream', value: `${round(perStream / 1024)} KB`, target: '<= 50 KB', met: perStream <= 50 * 1024 },
        { benchmark: label, metric: 'event-loop lag p99', value: `${round(lagP99)} ms`, target: count >= 5000 ? '<= 50 ms' : '', met: count >= 5000 ? lagP99 <= 50 : null },
        { benchmark: label, metric: 'health check p50 / p99', value: `${round(percentile(health, 50))} / ${round(percentile(health, 99))} ms`, target: '', met: null },
      );
      raw[count] = { perStreamBytes: perStream, lagP99Ms: lagP99, healthMs: health, baselineRss: baseline, openStreams };
    }
    return { rows, raw };
  } finally {
    for (const a of aborts) a.abort();
    await bench.stop();
  }
}
