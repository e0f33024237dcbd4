/**
 * 2. Relay overhead: the same streamed 300-token answer from the emulator (no token delay), fetched
 * directly from the emulator and through the service. Requests/s of each under the same load, and
 * the time the service adds to the first token and to the whole answer, at p50 and p99.
 */
import { load } from './load.js';
import { startBench, visitor, type Bench } from './setup.js';
import { percentile, round, type Row } from './stats.js';

const TEXT = 'tokens:300';

interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** What the first token looks like in this response (a JSONL line, or an SSE event). */
  firstToken: string;
}

async function direct(bench: Bench): Promise<Target> {
  const headers = {
    authorization: `Bearer ${bench.emulator.info.partnerToken}`,
    'x-runas-user-id': bench.subAccount,
    'content-type': 'application/json',
  };
  const conv = (await (
    await fetch(`${bench.emulator.info.url}/v1/conversation/create`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ botId: bench.botId }),
    })
  ).json()) as { id: string };
  return {
    url: `${bench.emulator.info.url}/v1/conversation/${conv.id}/complete`,
    headers: { ...headers, accept: 'application/jsonl' },
    body: JSON.stringify({ text: TEXT }),
    firstToken: '"type":"token"',
  };
}

async function relayed(bench: Bench): Promise<Target> {
  const v = await visitor(bench);
  return {
    url: `${bench.service.info.url}/v1/sites/${bench.siteKey}/conversations/${v.conversationId}/messages`,
    headers: v.headers,
    body: JSON.stringify({ text: TEXT }),
    firstToken: 'event: token',
  };
}

/** Time to first byte and to the end of the answer, `count` requests `concurrency` at a time. */
async function timings(target: Target, count: number, concurrency: number) {
  const ttfb: number[] = [];
  const total: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const start = performance.now();
      const res = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
      // Time to the first token (not to the first byte: a response may start with headers or a
      // comment before the answer does).
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let head = '';
      let found = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (!found && value) {
          head += decoder.decode(value, { stream: true });
          found = head.includes(target.firstToken);
          if (found) ttfb.push(performance.now() - start);
        }
        if (done) break;
      }
      if (!found) throw new Error(`no token in the answer from ${target.url}`);
      total.push(performance.now() - start);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ttfb, total };
}

export async function benchRelay(opts: { seconds: number }): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench();
  try {
    const d = await direct(bench);
    const r = await relayed(bench);
    const common = { method: 'POST' as const, connections: 16 };
    await load({ ...common, ...d, seconds: 2 });
    await load({ ...common, ...r, seconds: 2 });
    const directLoad = await load({ ...common, ...d, seconds: opts.seconds });
    const relayLoad = await load({ ...common, ...r, seconds: opts.seconds });
    if (relayLoad.non2xx || relayLoad.errors)
      throw new Error(`relay failed under load: ${relayLoad.non2xx} non-2xx, ${relayLoad.errors} errors`);
    // Latency: one request at a time (what the service adds, not what sharing two cores with the
    // emulator and the load generator adds), alternating so both see the same machine.
    const count = opts.seconds >= 10 ? 600 : 200;
    const concurrency = Number(process.env.BENCH_RELAY_CONCURRENCY ?? 1);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('BENCH_RELAY_CONCURRENCY must be a whole number of at least 1');
    const dt = { ttfb: [] as number[], total: [] as number[] };
    const rt = { ttfb: [] as number[], total: [] as number[] };
    for (let round = 0; round < 10; round++) {
      const a = await timings(d, count / 10, concurrency);
      const b = await timings(r, count / 10, concurrency);
      dt.ttfb.push(...a.ttfb);
      dt.total.push(...a.total);
      rt.ttfb.push(...b.ttfb);
      rt.total.push(...b.total);
    }
    const ratio = relayLoad.rps / directLoad.rps;
    const added = (p: number, k: 'ttfb' | 'total') => percentile(rt[k], p) - percentile(dt[k], p);
    const ms = (n: number) => `${round(n, 2)} ms`;
    const rows: Row[] = [
      {
        benchmark: 'relay (300 tokens)',
        metric: 'direct to emulator req/s',
        value: `${round(directLoad.rps, 0)}`,
        target: '',
        met: null,
      },
      {
        benchmark: 'relay (300 tokens)',
        metric: 'through the service req/s',
        value: `${round(relayLoad.rps, 0)}`,
        target: '',
        met: null,
      },
      {
        benchmark: 'relay (300 tokens)',
        metric: 'ratio to direct',
        value: `${round(ratio * 100)}%`,
        target: '>= 60%',
        met: ratio >= 0.6,
      },
      {
        benchmark: 'relay (300 tokens)',
        metric: 'added time to first token p50',
        value: ms(added(50, 'ttfb')),
        target: '<= 2 ms',
        met: added(50, 'ttfb') <= 2,
      },
      {
        benchmark: 'relay (300 tokens)',
        metric: 'added time to first token p99',
        value: ms(added(99, 'ttfb')),
        target: '',
        met: null,
      },
      {
        benchmark: 'relay (300 tokens)',
        metric: 'added total time p50 / p99',
        value: `${ms(added(50, 'total'))} / ${ms(added(99, 'total'))}`,
        target: '',
        met: null,
      },
    ];
    return {
      rows,
      raw: {
        directLoad,
        relayLoad,
        ratio,
        direct: {
          ttfbP50: percentile(dt.ttfb, 50),
          ttfbP99: percentile(dt.ttfb, 99),
          totalP50: percentile(dt.total, 50),
          totalP99: percentile(dt.total, 99),
        },
        relay: {
          ttfbP50: percentile(rt.ttfb, 50),
          ttfbP99: percentile(rt.ttfb, 99),
          totalP50: percentile(rt.total, 50),
          totalP99: percentile(rt.total, 99),
        },
      },
    };
  } finally {
    await bench.stop();
  }
}
