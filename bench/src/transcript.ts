/**
 * 7. A long transcript in the portal: a conversation of 200 messages (100 questions, 100 answers of
 * real markdown length, some rated down with a comment), made through the real service and
 * emulator, opened at /portal/t/{tenant}/conversations/{id} by a member signed in through an
 * invite link, in Chromium. Each load is traced (every main-thread task) and watched by a
 * `longtask` PerformanceObserver; the render is the part from the transcript's arrival (its
 * response's end) to a second after the last message is in the DOM. Side by side, in the same run
 * and interleaved: the same screen with 10 messages and with none. Target: no task over 50 ms
 * while the 200 messages render, in the worst of the loads.
 *
 * BENCH_PORTAL_DIR=<dir> serves another build of the portal (e.g. `vite build --outDir <dir>` of an
 * earlier commit, to compare); BENCH_TRACE_DIR=<dir> keeps every load's trace for DevTools.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { data } from '@tessera/admin-client';
import type { Browser, BrowserContext } from 'playwright-core';
import { launch, mainThreadTasks, TRACE_CATEGORIES } from './browser.js';
import { startPortalBench } from './setup.js';
import { round, type Row } from './stats.js';
import { seedConversation } from './transcript-seed.js';

const TARGET_MS = 50;
const MARK = 'bench:transcript-complete';
/** How long after the last message is in the DOM its tasks (layout, paint, idle work) are still counted. */
const SETTLE_MS = 1000;

interface Load {
  /** From navigation start: the transcript's response ended; every message was in the DOM. */
  responseEndMs: number;
  allInDomMs: number;
  /** The longest main-thread task of the whole load (from navigation start), from the trace. */
  longestLoadMs: number;
  /** The longest task that started once the transcript had arrived, and the CPU time it got. */
  longestRenderMs: number;
  longestRenderCpuMs: number;
  /** Main-thread time in all tasks while rendering. */
  renderBusyMs: number;
  /** `longtask` entries (tasks over 50 ms) the page itself saw: in the whole load, and while rendering. */
  longTasksLoad: number[];
  longTasksRender: number[];
}

/** Sign a member in as a person does: the invite link in Chromium, then its one button. */
async function signedInMember(browser: Browser, bench: Awaited<ReturnType<typeof startPortalBench>>) {
  const invite = await data(
    bench.admin.POST('/admin/v1/tenants/{tenantId}/members', {
      params: { path: { tenantId: bench.tenantId } },
      body: { email: 'owner@bench.example', role: 'owner' },
    }),
  );
  if (!('inviteUrl' in invite) || !invite.inviteUrl) throw new Error('no invite link for the bench member');
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(invite.inviteUrl);
  await page.getByRole('button').click();
  await page.waitForURL(/\/portal\/(?!links\/)/);
  await page.close();
  if (!(await context.cookies()).some((c) => c.name === '__Host-portal')) throw new Error('the member is not signed in');
  return context;
}

/**
 * In the page before its own scripts: a `longtask` observer, and a check each animation frame
 * that marks (in the trace too, with console.timeStamp) the moment `expected` messages are in the
 * transcript's DOM. A string, not a function: tsx's name helpers do not exist in the page.
 */
const watchTranscript = (expected: number) => `(() => {
  const b = (window.__bench = { longTasks: [], complete: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const root = document.querySelector('portal-app')?.shadowRoot?.querySelector('portal-transcript')?.shadowRoot;
    if (root?.querySelector('#messages-h') && root.querySelectorAll('li.message').length === ${expected}) {
      b.complete = performance.now();
      console.timeStamp('${MARK}');
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function measureLoad(browser: Browser, context: BrowserContext, url: string, expected: number): Promise<Load> {
  const page = await context.newPage();
  await page.addInitScript(watchTranscript(expected));
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.goto(url);
  await page.waitForFunction(() => (window as { __bench?: { complete: number | null } }).__bench?.complete != null, undefined, {
    timeout: 60_000,
    polling: 100,
  });
  await page.waitForTimeout(SETTLE_MS);
  const trace = await browser.stopTracing();
  if (process.env.BENCH_TRACE_DIR) {
    // For profiling: each load's Chrome trace (open it in DevTools' Performance panel).
    await writeFile(join(process.env.BENCH_TRACE_DIR, `transcript-${expected}-${Date.now()}.json`), trace);
  }
  const seen = await page.evaluate(
    (path) => {
      const b = (window as unknown as { __bench: { longTasks: { start: number; duration: number }[]; complete: number } })
        .__bench;
      const response = performance
        .getEntriesByType('resource')
        .find((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch' && new URL(e.name).pathname === path);
      return {
        complete: b.complete,
        longTasks: b.longTasks,
        responseEnd: (response as PerformanceResourceTiming | undefined)?.responseEnd,
      };
    },
    `/portal/api${new URL(url).pathname.replace(/^\/portal/, '').replace(/^\/t\//, '/tenants/')}`,
  );
  await page.close();
  if (seen.responseEnd === undefined) throw new Error(`no transcript request seen on ${url}`);

  const responseEnd = seen.responseEnd;

  // The trace's clock, in the page's: the mark was made at `complete` on the page's main thread.
  const { tasks, markTs } = mainThreadTasks(trace, MARK);
  const at = (ms: number) => markTs + (ms - seen.complete) * 1000;
  const load = tasks.filter((t) => t.ts + t.dur >= at(0));
  // Rendering: every task that started once the transcript was in the browser, to the end of the
  // trace (a second after the last message). A task already running when it arrived (the
  // portal's start, on a slow load) is the load's, not the render's.
  const render = tasks.filter((t) => t.ts >= at(responseEnd));
  const longestRender = render.reduce((a, t) => (t.dur > a.dur ? t : a), { ts: 0, dur: 0, cpu: 0 });
  return {
    responseEndMs: responseEnd,
    allInDomMs: seen.complete,
    longestLoadMs: Math.max(0, ...load.map((t) => t.dur / 1000)),
    longestRenderMs: longestRender.dur / 1000,
    longestRenderCpuMs: longestRender.cpu / 1000,
    renderBusyMs: render.reduce((sum, t) => sum + t.dur / 1000, 0),
    longTasksLoad: seen.longTasks.map((t) => t.duration),
    longTasksRender: seen.longTasks.filter((t) => t.start >= responseEnd).map((t) => t.duration),
  };
}

const PORTAL = join(import.meta.dirname, '../../portal');
/** The portal's build the bench's service serves: portal/dist, or another build to compare with. */
const PORTAL_DIST = process.env.BENCH_PORTAL_DIR ?? join(PORTAL, 'dist');

/** The build must be there; a source file newer than it is worth a warning (stale numbers). */
async function checkPortalBuild() {
  const index = join(PORTAL_DIST, 'index.html');
  if (!existsSync(index)) throw new Error(`the built portal (${PORTAL_DIST}) is missing: run pnpm build first`);
  const built = statSync(index).mtimeMs;
  const src = join(PORTAL, 'src');
  const newer = (await readdir(src, { recursive: true }))
    .map((f) => join(src, f))
    .filter((f) => f.endsWith('.ts') && statSync(f).mtimeMs > built);
  if (newer.length) console.error(`warning: ${newer.length} portal source files are newer than portal/dist (pnpm build)`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const worst = (xs: number[]) => Math.max(...xs);
const mw = (xs: number[], digits = 1) => `${round(median(xs), digits)} / ${round(worst(xs), digits)} ms`;

export async function benchTranscript(opts: { loads?: number } = {}): Promise<{ rows: Row[]; raw: unknown }> {
  const loads = opts.loads ?? 10;
  await checkPortalBuild();
  const bench = await startPortalBench({ env: { PORTAL_DIR: PORTAL_DIST } });
  const browser = await launch();
  try {
    const big = await seedConversation(bench, { exchanges: 100, downEvery: 10, upEvery: 7 });
    const small = await seedConversation(bench, { exchanges: 5, downEvery: 5 });
    const empty = await seedConversation(bench, { exchanges: 0 });
    const context = await signedInMember(browser, bench);
    const url = (id: string) => `${bench.portal}/portal/t/${bench.tenantId}/conversations/${id}`;
    const variants = {
      '200 messages': { url: url(big.conversationId), expected: big.messages },
      'baseline: 10 messages': { url: url(small.conversationId), expected: small.messages },
      'baseline: no messages': { url: url(empty.conversationId), expected: 0 },
    } as const;
    type Name = keyof typeof variants;
    const loadBefore = loadavg()[0]!;
    // One load of each first (the portal's files into the HTTP and code caches, as for a member
    // who has used the portal before); then the measured loads, interleaved, a fresh tab each.
    for (const v of Object.values(variants)) await measureLoad(browser, context, v.url, v.expected);
    const runs = {} as Record<Name, Load[]>;
    for (let i = 0; i < loads; i++) {
      for (const [name, v] of Object.entries(variants) as [Name, (typeof variants)[Name]][])
        (runs[name] ??= []).push(await measureLoad(browser, context, v.url, v.expected));
    }
    await context.close();
    const loadAfter = loadavg()[0]!;

    const label = `transcript (Chromium, ${loads} loads)`;
    const rows: Row[] = [
      {
        benchmark: label,
        metric: "the 200 messages: answers' characters, mean / longest; rated down (with a comment) / up",
        value: `${Math.round(big.answerChars / (big.messages / 2))} / ${big.longestAnswer}; ${big.ratedDown} / ${big.ratedUp}`,
        target: '',
        met: null,
      },
      {
        // A task's wall time includes the time other processes had the cores: read the rows with this.
        benchmark: label,
        metric: "the machine's load average (1 min), when the loads began / ended",
        value: `${round(loadBefore, 2)} / ${round(loadAfter, 2)} (${cpus().length} cores)`,
        target: '',
        met: null,
      },
    ];
    for (const [name, list] of Object.entries(runs) as [Name, Load[]][]) {
      const target = name === '200 messages';
      const of = (f: (l: Load) => number, digits = 1) => mw(list.map(f), digits);
      const count = (f: (l: Load) => number[]) => list.reduce((n, l) => n + f(l).length, 0);
      rows.push(
        {
          benchmark: label,
          metric: `${name}: longest task while rendering, median / worst`,
          value: of((l) => l.longestRenderMs),
          target: target ? `<= ${TARGET_MS} ms (worst)` : 'baseline',
          met: target ? worst(list.map((l) => l.longestRenderMs)) <= TARGET_MS : null,
        },
        {
          benchmark: label,
          metric: `${name}: rendering: the longest task's CPU time; over 50 ms as the page saw (longtask)`,
          value: `${of((l) => l.longestRenderCpuMs)}; ${count((l) => l.longTasksRender)} tasks`,
          target: '',
          met: null,
        },
        {
          benchmark: label,
          metric: `${name}: whole load: longest task; over 50 ms as the page saw (longtask)`,
          value: `${of((l) => l.longestLoadMs)}; ${count((l) => l.longTasksLoad)} tasks`,
          target: '',
          met: null,
        },
        {
          benchmark: label,
          metric: `${name}: all in the DOM after navigation; after the transcript; main thread busy rendering`,
          value: `${of((l) => l.allInDomMs, 0)}; ${of((l) => l.allInDomMs - l.responseEndMs, 0)}; ${of((l) => l.renderBusyMs, 0)}`,
          target: '',
          met: null,
        },
      );
    }
    return {
      rows,
      raw: {
        seeded: { big, small, empty },
        loadAverage: { before: loadBefore, after: loadAfter },
        runs,
      },
    };
  } finally {
    await browser.close();
    await bench.stop();
  }
}
