/**
 * 3. Concurrent streams: hold 1,000 and then 5,000 slow answer streams through the service (one
 * token a second from the emulator), and report the service's resident memory per held stream, its
 * event-loop lag, and the latency of its health check meanwhile.
 */
import { Agent, request, type ClientRequest } from 'node:http';
import { startBench, visitor, type Bench } from './setup.js';
import { percentile, round, type Row } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One value of the service's /metrics. */
export async function metric(base: string, adminToken: string, name: string): Promise<number> {
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

/** What Stop needs for each held stream (its answer's path and the visitor's headers). */
const stops = new WeakMap<ClientRequest, { path: string; headers: Record<string, string> }>();

/**
 * Stop held streams: a visitor's disconnect no longer ends an answer (it would run on, detached,
 * holding its stream slot), so each answer is stopped as the widget's Stop does, then its
 * connection closed.
 */
export async function stopStreams(bench: Bench, reqs: ClientRequest[]): Promise<void> {
  const base = bench.service.info.url;
  for (let i = 0; i < reqs.length; i += 100) {
    await Promise.all(
      reqs.slice(i, i + 100).map(async (req) => {
        const stop = stops.get(req);
        if (stop) await fetch(`${base}${stop.path}`, { method: 'DELETE', headers: stop.headers }).catch(() => {});
        req.destroy();
      }),
    );
  }
}

/**
 * Opens slow answer streams through the service for 20 visitors in turn and keeps reading them;
 * each open request is pushed to `held` (destroy it to close the stream). Resolves once the stream
 * flows.
 */
export async function streamOpener(bench: Bench, held: ClientRequest[]): Promise<(i: number) => Promise<void>> {
  const base = bench.service.info.url;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const visitors = await Promise.all(Array.from({ length: 20 }, () => visitor(bench)));
  return (i: number) =>
    new Promise<void>((resolve, reject) => {
      const v = visitors[i % visitors.length]!;
      const body = JSON.stringify({ text: 'tokens:3600' });
      // node:http rather than fetch: the load generator shares the machine and must stay light.
      const req = request(`${base}/v1/sites/${bench.siteKey}/conversations/${v.conversationId}/messages`, {
        method: 'POST',
        agent,
        headers: { ...v.headers, 'content-length': String(Buffer.byteLength(body)) },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream ${i} answered ${res.statusCode}`));
        res.once('data', (chunk: Buffer) => {
          // The first event is `start`, with the answer's id.
          const answerId = /"answerId":"(an_\w+)"/.exec(chunk.toString())?.[1];
          if (answerId) {
            stops.set(req, {
              path: `/v1/sites/${bench.siteKey}/conversations/${v.conversationId}/answers/${answerId}`,
              headers: v.headers,
            });
          }
          resolve(); // the stream is flowing
        });
        res.on('data', () => {}); // and keeps being read, as a browser would
        res.on('error', () => {});
        held.push(req);
      });
      req.end(body);
    });
}

export async function benchStreams(opts: {
  holdSeconds: number;
  counts: number[];
  env?: Record<string, string>;
}): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench({ tokenDelayMs: 1000, ...(opts.env ? { env: opts.env } : {}) });
  const base = bench.service.info.url;
  const admin = bench.adminToken;
  const held: ClientRequest[] = [];
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  try {
    const openStream = await streamOpener(bench, held);
    const afterGc = async () => (await (await fetch(`${base}/__bench/gc`, { method: 'POST' })).json()) as NodeJS.MemoryUsage;
    // Live memory (V8 heap and buffers outside it), which, unlike RSS, does not include what the
    // allocators keep after a peak.
    const live = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
    // Warm the process up (JIT, pools, first connections) with a few streams, then take the baseline.
    await Promise.all(Array.from({ length: 200 }, (_, i) => openStream(i)));
    await stopStreams(bench, held.splice(0));
    await sleep(3000);
    const baseline = await afterGc();
    for (const count of opts.counts) {
      while (held.length < count) {
        const batch = Math.min(250, count - held.length);
        const from = held.length;
        await Promise.all(Array.from({ length: batch }, (_, i) => openStream(from + i)));
      }
      await sleep(2000);
      await metric(base, admin, 'tessera_nodejs_eventloop_lag_p99_seconds'); // starts a fresh lag window
      const health = await healthLatencies(base, opts.holdSeconds * 1000);
      const lagP99 = (await metric(base, admin, 'tessera_nodejs_eventloop_lag_p99_seconds')) * 1000;
      const openStreams = await metric(base, admin, 'tessera_relay_open_streams');
      const now = await afterGc();
      const perStream = (now.rss - baseline.rss) / count;
      const livePerStream = (live(now) - live(baseline)) / count;
      const label = `held streams (${count.toLocaleString('en')})`;
      rows.push(
        {
          benchmark: label,
          metric: 'streams open in the service',
          value: String(openStreams),
          target: String(count),
          met: openStreams === count,
        },
        {
          benchmark: label,
          metric: 'RSS per held stream',
          value: `${round(perStream / 1024)} KB`,
          target: '<= 50 KB',
          met: perStream <= 50 * 1024,
        },
        {
          benchmark: label,
          metric: 'live memory (heap + external) per held stream',
          value: `${round(livePerStream / 1024)} KB`,
          target: '',
          met: null,
        },
        {
          benchmark: label,
          metric: 'event-loop lag p99',
          value: `${round(lagP99)} ms`,
          target: count >= 5000 ? '<= 50 ms' : '',
          met: count >= 5000 ? lagP99 <= 50 : null,
        },
        {
          benchmark: label,
          metric: 'health check p50 / p99',
          value: `${round(percentile(health, 50))} / ${round(percentile(health, 99))} ms`,
          target: '',
          met: null,
        },
      );
      raw[count] = {
        perStreamBytes: perStream,
        livePerStreamBytes: livePerStream,
        memory: now,
        lagP99Ms: lagP99,
        healthMs: health,
        baseline,
        openStreams,
      };
    }
    return { rows, raw };
  } finally {
    await stopStreams(bench, held);
    await bench.stop();
  }
}
