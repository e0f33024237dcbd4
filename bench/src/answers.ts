/**
 * 8. Resumable answers (issue 16). Reattaching to a running answer (`GET .../answers/{id}` with
 * Last-Event-ID) in one process, and on another replica than the one running it (two service
 * processes on one PostgreSQL database and one Redis); the heap an ended answer holds while it is
 * kept for reattaching; the event-loop lag while 1,000 answers stream with nobody listening. Each
 * next to a baseline from the same run: a new message's first token, the same answers already
 * expired, the idle service.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { answerUrl, ask, reattach, send } from './answer-client.js';
import { type Bench, startBench, startReplica, visitor } from './setup.js';
import { percentile, round, type Row } from './stats.js';
import { metric } from './streams.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = 'redis://127.0.0.1:6379';
/** The answers reattached to stream a token every 50 ms: mid-stream for the whole measurement. */
const TOKEN_DELAY_MS = 50;
/** Running answers reattached to in turn. */
const RUNNING = 10;
/** The answers whose memory is measured: 998 characters each (with é, ü, — and 🎉). */
const KEPT_TEXT = 'tokens:200';
/** The detached answers' pace: 10 tokens a second each, 10,000 a second for 1,000. */
const DETACHED_TOKEN_DELAY_MS = 100;

/**
 * Reattach to RUNNING long answers (started on `runOn`) in turn, through each of `readOn`, and
 * ask a new question on `baselineOn`, in alternation, `rounds` times after a warm-up.
 */
async function reattaches(bench: Bench, runOn: string, readOn: string[], baselineOn: string, rounds: number) {
  const { siteKey } = bench;
  // Slow tokens for these answers only (the emulator's fault, used up by the next RUNNING
  // completions); the baseline's answers start at once.
  const fault = { fault: { kind: 'slow-tokens', delayMs: TOKEN_DELAY_MS }, method: 'POST', path: '/complete$', times: RUNNING };
  const added = await fetch(`${bench.emulator.info.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify(fault) });
  if (!added.ok) throw new Error(`the emulator refused the slow-tokens fault: ${await added.text()}`);
  const running = [];
  for (let i = 0; i < RUNNING; i++) {
    const v = await visitor(bench);
    const a = await ask(runOn, siteKey, v, 'tokens:20000', 'token');
    running.push({ v, answerId: a.answerId, lastId: a.lastId, readAt: performance.now() });
  }
  const asker = await visitor(bench);
  const times = readOn.map(() => [] as number[]);
  const fresh: number[] = [];
  const warmUp = 20;
  let next = 0;
  for (let r = 0; r < warmUp + rounds; r++) {
    for (const [k, base] of readOn.entries()) {
      const a = running[next++ % RUNNING]!;
      // As after a reload, the answer went on meanwhile: the first resumed token is the log's,
      // not the upstream's next one.
      const wait = a.readAt + 2 * TOKEN_DELAY_MS - performance.now();
      if (wait > 0) await sleep(wait);
      const t = await reattach(base, siteKey, a.v, a.answerId, a.lastId);
      a.lastId = t.lastId;
      a.readAt = performance.now();
      if (r >= warmUp) times[k]!.push(t.ms);
    }
    const f = await ask(baselineOn, siteKey, asker, 'tokens:5', 'end');
    if (r >= warmUp) fresh.push(f.firstTokenMs);
  }
  return { times, fresh };
}

const pair = (values: number[]) =>
  `${round(percentile(values, 50), 2)} / ${round(percentile(values, 95), 2)} ms (${values.length})`;

async function singleProcess(rounds: number): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench();
  try {
    const base = bench.service.info.url;
    const { times, fresh } = await reattaches(bench, base, [base], base, rounds);
    const reattached = times[0]!;
    const label = 'resumable answers (1 process)';
    return {
      rows: [
        {
          benchmark: label,
          metric: 'reattach: GET → first resumed token p50 / p95',
          value: pair(reattached),
          target: 'p95 <= 50 ms',
          met: percentile(reattached, 95) <= 50,
        },
        { benchmark: label, metric: 'baseline: new message → first token p50 / p95', value: pair(fresh), target: '', met: null },
      ],
      raw: { reattachMs: reattached, newMessageMs: fresh },
    };
  } finally {
    await bench.stop();
  }
}

/** Two replicas on a fresh database of the machine's PostgreSQL and on its Redis (a key prefix of their own). */
async function acrossReplicas(rounds: number): Promise<{ rows: Row[]; raw: unknown }> {
  const label = 'resumable answers (2 replicas)';
  const admin = new pg.Client({ connectionString: POSTGRES });
  try {
    await admin.connect();
  } catch {
    return {
      rows: [{ benchmark: label, metric: 'skipped', value: `no server at ${POSTGRES}`, target: '', met: null }],
      raw: null,
    };
  }
  const name = `tessera_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(POSTGRES);
    url.pathname = `/${name}`;
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: REDIS,
      REDIS_KEY_PREFIX: name,
      // The answers cut short by the bench's end leave Redis within minutes.
      UPSTREAM_TOTAL_TIMEOUT_MS: '180000',
    };
    const bench = await startBench({ env });
    try {
      const other = await startReplica(bench, env);
      try {
        const a = bench.service.info.url;
        const b = other.info.url;
        const { times, fresh } = await reattaches(bench, a, [b, a], b, rounds);
        const [there, here] = times as [number[], number[]];
        return {
          rows: [
            {
              benchmark: label,
              metric: 'reattach on the other replica → first resumed token p50 / p95',
              value: pair(there),
              target: 'p95 <= 100 ms',
              met: percentile(there, 95) <= 100,
            },
            {
              benchmark: label,
              metric: 'reattach on the replica running it p50 / p95',
              value: pair(here),
              target: '',
              met: null,
            },
            {
              benchmark: label,
              metric: 'baseline: new message on the other replica → first token p50 / p95',
              value: pair(fresh),
              target: '',
              met: null,
            },
          ],
          raw: { otherReplicaMs: there, sameReplicaMs: here, newMessageMs: fresh },
        };
      } finally {
        await other.stop();
      }
    } finally {
      await bench.stop();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * The heap's growth over `count` answers read to their end, in a service that keeps ended answers
 * `retentionMs`; after a warm-up, each side after full collections. Also whether the first of them
 * can still be read (kept) or not (expired).
 */
async function heapGrowth(retentionMs: number, count: number) {
  const bench = await startBench({ env: { ANSWER_RETENTION_MS: String(retentionMs) } });
  try {
    const base = bench.service.info.url;
    const visitors = await Promise.all(Array.from({ length: 20 }, () => visitor(bench)));
    const heapUsed = async () => {
      await fetch(`${base}/__bench/gc`, { method: 'POST' });
      return ((await (await fetch(`${base}/__bench/gc`, { method: 'POST' })).json()) as NodeJS.MemoryUsage).heapUsed;
    };
    const run = async (n: number) => {
      const answers: { answerId: string; length: number }[] = [];
      const worker = async () => {
        while (answers.length < n) {
          const i = answers.length;
          answers.push({ answerId: '', length: 0 });
          answers[i] = await ask(base, bench.siteKey, visitors[i % visitors.length]!, KEPT_TEXT, 'end');
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      return answers;
    };
    // Warm-up: the process's own growth to its steady state (about 1 MB over the first 1,000 answers).
    await run(1000);
    await sleep(2000); // a retention of 1 s has passed for the warm-up
    const before = await heapUsed();
    const answers = await run(count);
    await sleep(2000);
    const after = await heapUsed();
    const first = answers[0]!;
    const { res } = await send(answerUrl(base, bench.siteKey, visitors[0]!, first.answerId), 'GET', visitors[0]!.headers);
    res.resume();
    const textLength = answers.reduce((sum, a) => sum + a.length, 0) / count;
    return { growth: after - before, before, after, textLength, firstStatus: res.statusCode };
  } finally {
    await bench.stop();
  }
}

async function memory(count: number): Promise<{ rows: Row[]; raw: unknown }> {
  const kept = await heapGrowth(600_000, count);
  const expired = await heapGrowth(1000, count);
  if (kept.firstStatus !== 200 || expired.firstStatus !== 404)
    throw new Error(`kept answers answered ${kept.firstStatus}, expired ones ${expired.firstStatus}`);
  const perAnswer = (kept.growth - expired.growth) / count;
  // V8 holds a string with characters beyond Latin-1 (é is not, — and 🎉 are) at 2 bytes a unit.
  const textBytes = kept.textLength * 2;
  const label = `resumable answers (${count.toLocaleString('en')} ended)`;
  const kb = (n: number) => `${round(n / 1024)} KB`;
  return {
    rows: [
      {
        benchmark: label,
        metric: `heap per kept answer (text ${round(kept.textLength)} chars, ${kb(textBytes)} in V8)`,
        value: kb(perAnswer),
        target: `<= text + 2 KB (${kb(textBytes + 2048)})`,
        met: perAnswer <= textBytes + 2048,
      },
      {
        benchmark: label,
        metric: 'heap growth over them: kept / baseline expired (retention 1 s)',
        value: `${kb(kept.growth)} / ${kb(expired.growth)}`,
        target: '',
        met: null,
      },
    ],
    raw: { perAnswerBytes: perAnswer, textBytes, kept, expired },
  };
}

/** CPU seconds a process has used (utime + stime from /proc, in USER_HZ: 100 a second on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** 1,000 answers asked and left at their `start` event, streaming on with nobody listening. */
async function detached(count: number, holdSeconds: number): Promise<{ rows: Row[]; raw: unknown }> {
  const bench = await startBench({ tokenDelayMs: DETACHED_TOKEN_DELAY_MS });
  try {
    const base = bench.service.info.url;
    const admin = bench.adminToken;
    const lagP99 = async () => (await metric(base, admin, 'tessera_nodejs_eventloop_lag_p99_seconds')) * 1000;
    const pids = [bench.service.child.pid!, bench.emulator.child.pid!];
    /** The service's lag p99 over the hold, and the share of a core the service and the emulator used. */
    const hold = async () => {
      await lagP99(); // starts a fresh lag window
      const before = pids.map(cpuSeconds);
      const start = performance.now();
      await sleep(holdSeconds * 1000);
      const lag = await lagP99();
      const seconds = (performance.now() - start) / 1000;
      const [service, emulator] = pids.map((pid, i) => ((cpuSeconds(pid) - before[i]!) / seconds) * 100) as [number, number];
      return { lag, service, emulator, loadAverage: loadavg()[0]! };
    };
    const visitors = await Promise.all(Array.from({ length: 20 }, () => visitor(bench)));
    await Promise.all(visitors.map((v) => ask(base, bench.siteKey, v, 'tokens:5', 'end')));
    await sleep(2000);
    const idle = await hold();
    // Long enough to stream past the hold, however long opening them takes.
    const text = `tokens:${Math.ceil(((holdSeconds + 120) * 1000) / DETACHED_TOKEN_DELAY_MS)}`;
    for (let opened = 0; opened < count; opened += 100) {
      const batch = Math.min(100, count - opened);
      await Promise.all(
        Array.from({ length: batch }, (_, i) => ask(base, bench.siteKey, visitors[(opened + i) % 20]!, text, 'start')),
      );
    }
    await sleep(2000);
    const busy = await hold();
    const running = await metric(base, admin, 'tessera_relay_open_streams');
    const label = `resumable answers (${count.toLocaleString('en')} detached)`;
    const cpu = (h: typeof busy) => `${round(h.service)}% / ${round(h.emulator)}% of a core`;
    return {
      rows: [
        {
          benchmark: label,
          metric: 'answers running, nobody listening',
          value: String(running),
          target: String(count),
          met: running === count,
        },
        {
          benchmark: label,
          metric: 'event-loop lag p99 while they stream',
          value: `${round(busy.lag)} ms`,
          target: '<= 50 ms',
          met: busy.lag <= 50,
        },
        { benchmark: label, metric: 'service / emulator CPU meanwhile', value: cpu(busy), target: '', met: null },
        {
          benchmark: label,
          metric: 'baseline: the idle service, lag p99',
          value: `${round(idle.lag)} ms`,
          target: '',
          met: null,
        },
        { benchmark: label, metric: 'service / emulator CPU meanwhile (idle)', value: cpu(idle), target: '', met: null },
      ],
      raw: { busy, idle, running, tokenDelayMs: DETACHED_TOKEN_DELAY_MS, holdSeconds },
    };
  } finally {
    await bench.stop();
  }
}

export async function benchAnswers(opts: { rounds: number; kept: number; holdSeconds: number }) {
  // The machine is shared: its load says how far to trust the run.
  const loadBefore = loadavg();
  const parts = {
    singleProcess: await singleProcess(opts.rounds),
    acrossReplicas: await acrossReplicas(opts.rounds),
    memory: await memory(opts.kept),
    detached: await detached(1000, opts.holdSeconds),
  };
  return {
    rows: Object.values(parts).flatMap((p) => p.rows),
    raw: { ...Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, p.raw])), loadBefore, loadAfter: loadavg() },
  };
}
