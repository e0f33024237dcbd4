/**
 * 5. Streaming render cost: a 10,000-token markdown answer streamed at 200 tokens/s into the widget
 * in Chromium, through the real service. Reports the renderer's total scripting time, its longest
 * task, and the main-thread cost per token over the first 1,000 tokens against the last 1,000,
 * which must stay flat (no work that grows with the length of the answer).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cdpOf, launch, longestTask, metrics, pageServer, TRACE_CATEGORIES } from './browser.js';
import { allowOrigin, startBench } from './setup.js';
import { round, type Row } from './stats.js';

const TOKENS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchRender(opts: { tokens?: number } = {}): Promise<{ rows: Row[]; raw: unknown }> {
  const tokens = opts.tokens ?? TOKENS;
  const bench = await startBench({ tokenDelayMs: 5 }); // 200 tokens a second
  const browser = await launch();
  try {
    const pages = await pageServer(
      {
        '/chat.html': `<!doctype html><title>render</title><style>body{margin:0}</style><div style="height:100vh"><tessera-chat site-key="${bench.siteKey}" service-url="${bench.service.info.url}" mode="inline"></tessera-chat></div><script src="${bench.service.info.url}/widget.js"></script>`,
      },
      {},
    );
    await allowOrigin(bench, pages.origin);

    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const cdp = await cdpOf(page);
    await page.goto(`${pages.origin}/chat.html`);
    await page.waitForFunction(() => customElements.get('tessera-chat') !== undefined);
    const sent = Date.now();
    await page.evaluate(
      (text) => void (document.querySelector('tessera-chat') as HTMLElement & { send(t: string): Promise<void> }).send(text),
      `markdown-tokens:${tokens}`,
    );

    // Follow the emulator's token count; sample the renderer's cumulative main-thread time at the
    // window edges. The two windows are also traced, for their longest task.
    const sentTokens = async () => {
      const list = (await (await fetch(`${bench.emulator.info.url}/_emulator/completions`)).json()) as {
        items: { tokensSent: number; outcome: string }[];
      };
      return list.items.at(-1) ?? { tokensSent: 0, outcome: 'running' };
    };
    const samples: { tokens: number; task: number; script: number; at: number }[] = [];
    const sample = async () => {
      const m = await metrics(cdp);
      const t = (await sentTokens()).tokensSent;
      samples.push({ tokens: t, task: m.TaskDuration!, script: m.ScriptDuration!, at: Date.now() - sent });
      return t;
    };
    const waitTokens = async (n: number) => {
      while ((await sentTokens()).tokensSent < n) await sleep(20);
    };
    // Windows: tokens WARM..WARM+1,000 (after the first render has warmed up the parser) and the
    // last 1,000; then, separately, the answer's completion (done event, final render, announcement).
    const WARM = 100;
    const start = await metrics(cdp);
    await waitTokens(WARM);
    await sample();
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await waitTokens(WARM + 1000);
    await sample();
    const firstTrace = await browser.stopTracing();
    await waitTokens(tokens - 1000);
    await sample();
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await waitTokens(tokens);
    await sample();
    await page.waitForFunction(
      () => {
        const el = document.querySelector('tessera-chat');
        return !!el?.shadowRoot?.querySelector('[part~="send-button"]');
      },
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    await sample();
    const lastTrace = await browser.stopTracing();
    const end = await metrics(cdp);
    await context.close();
    await pages.close();

    if (process.env.BENCH_TRACE_DIR) {
      // For profiling: the two windows' Chrome traces (open them in chrome://tracing or DevTools).
      await writeFile(join(process.env.BENCH_TRACE_DIR, 'render-first.json'), firstTrace);
      await writeFile(join(process.env.BENCH_TRACE_DIR, 'render-last.json'), lastTrace);
    }
    const [s0, s1, s2, s3, s4] = samples as [
      (typeof samples)[0],
      (typeof samples)[0],
      (typeof samples)[0],
      (typeof samples)[0],
      (typeof samples)[0],
    ];
    const perToken = (a: typeof s0, b: typeof s0) => ((b.task - a.task) * 1000) / Math.max(1, b.tokens - a.tokens);
    const first = perToken(s0, s1);
    const last = perToken(s2, s3);
    const completion = (s4.task - s3.task) * 1000;
    const scripting = (end.ScriptDuration! - start.ScriptDuration!) * 1000;
    const longest = Math.max(longestTask(firstTrace), longestTask(lastTrace));
    const bench_ = `render (${tokens.toLocaleString('en')} tokens at 200/s)`;
    const rows: Row[] = [
      { benchmark: bench_, metric: 'total scripting time', value: `${round(scripting)} ms`, target: '', met: null },
      {
        benchmark: bench_,
        metric: 'longest task (a first and the last 1,000 tokens, and done)',
        value: `${round(longest)} ms`,
        target: '< 50 ms',
        met: longest < 50,
      },
      {
        benchmark: bench_,
        metric: `main-thread ms per token: tokens ${WARM}-${WARM + 1000} / last 1,000`,
        value: `${round(first, 3)} / ${round(last, 3)} (x${round(last / first, 2)})`,
        target: 'flat (last <= 1.5x first)',
        met: last <= first * 1.5,
      },
      {
        benchmark: bench_,
        metric: 'main-thread time from the last token to idle',
        value: `${round(completion)} ms`,
        target: '',
        met: null,
      },
    ];
    return {
      rows,
      raw: {
        samples,
        scriptingMs: scripting,
        longestTaskMs: longest,
        perTokenFirstMs: first,
        perTokenLastMs: last,
        completionMs: completion,
      },
    };
  } finally {
    await browser.close();
    await bench.stop();
  }
}
