/**
 * Opening the widget's panel in Chromium (part of `pnpm bench weight`): the panel is a module of
 * its own that the launcher fetches on intent, so the figure that matters is the time from a click
 * on the launcher to the panel on screen when the pointer's hover fetched it first, next to the
 * same click with nothing fetched before it (the pointer arrives and clicks at once) as a baseline.
 * Each run is a fresh context (empty HTTP cache) on the page weight.ts loads the widget on; the
 * widget's own idle-time prefetch is switched off there, so that only the pointer fetches the panel.
 * A few more runs, traced, give the longest main-thread task from the hover until the panel shows.
 */
import type { Browser } from 'playwright-core';
import { armShownTimer, mainThreadTasks, TRACE_CATEGORIES } from './browser.js';
import { percentile, round, type Row } from './stats.js';

const HOST = 'tessera-chat';
const LAUNCHER = '[part~="launcher"]';
const PANEL = '[part~="panel"]';
/** The panel's module as the service serves it (GET /widget/{file}, the name carries its hash). */
export const PANEL_URL = /\/widget\/widget-panel\.[0-9a-f]{8}\.js$/;
/** console.timeStamp marks in the traced runs: before the hover and before the click. */
const HOVER_MARK = 'tessera-bench-hover';
const CLICK_MARK = 'tessera-bench-click';
const TRACED = 5;

/**
 * Before any script of the page: the widget fetches the panel once the browser is idle after its
 * config is in (requestIdleCallback); a no-op there leaves the pointer as the only thing that
 * fetches it. A string, as the page's code in browser.ts is (tsx's `__name()` is not in the page).
 */
export const NO_IDLE_PREFETCH = "Object.defineProperty(window, 'requestIdleCallback', { value: function () { return 0; } });";

interface Open {
  /** From the click's event time to the first frame painted with the panel shown. */
  clickMs: number;
  /** From the pointer entering the launcher to the panel (still hidden) in the DOM: the head start a hover needs. */
  hoverReadyMs: number | null;
  /** Traced runs: the longest main-thread task from the hover to the click (the panel loading). */
  loadTaskMs: number | null;
  /** Traced runs: the longest from the click until 300 ms after the panel showed. */
  openTaskMs: number | null;
}

async function openOnce(browser: Browser, url: string, o: { hover: boolean; trace: boolean }): Promise<Open> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let tracing = false;
  try {
    await context.addInitScript({ content: NO_IDLE_PREFETCH });
    const page = await context.newPage();
    let fetches = 0;
    page.on('request', (r) => {
      if (PANEL_URL.test(r.url())) fetches++;
    });
    await page.goto(url);
    const launcher = page.locator(HOST).locator(LAUNCHER);
    await launcher.waitFor({ state: 'visible', timeout: 30_000 });
    const mark = (name: string) => (o.trace ? page.evaluate(`console.timeStamp(${JSON.stringify(name)})`) : null);
    if (o.trace) {
      await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      tracing = true;
    }
    let hoverReadyMs: number | null = null;
    if (o.hover) {
      const ready = await armShownTimer(page, { host: HOST, event: 'pointerenter', selector: PANEL, present: true });
      const fetched = page.waitForResponse((r) => PANEL_URL.test(r.url()));
      await mark(HOVER_MARK);
      await launcher.hover();
      const response = await fetched;
      if (!response.ok()) throw new Error(`the panel's module answered ${response.status()} (${response.url()})`);
      hoverReadyMs = await ready();
    }
    // Measure what the run claims: fetched once on the hover, or not at all before the click.
    if (fetches !== (o.hover ? 1 : 0)) throw new Error(`the panel was fetched ${fetches} times before the click`);
    const shown = await armShownTimer(page, { host: HOST, event: 'click', selector: PANEL });
    await mark(CLICK_MARK);
    await launcher.click();
    const clickMs = await shown();
    if (fetches !== 1) throw new Error(`the panel was fetched ${fetches} times, not once`);
    let loadTaskMs: number | null = null;
    let openTaskMs: number | null = null;
    if (o.trace) {
      await page.waitForTimeout(300); // the tasks that follow the first frame (focus, the next frames)
      tracing = false;
      const trace = await browser.stopTracing();
      const { tasks, markTs: clickTs } = mainThreadTasks(trace, CLICK_MARK);
      const longest = (from: number, to: number) =>
        Math.max(0, ...tasks.filter((t) => t.ts + t.dur >= from && t.ts < to).map((t) => t.dur)) / 1000;
      if (o.hover) loadTaskMs = longest(mainThreadTasks(trace, HOVER_MARK).markTs, clickTs);
      openTaskMs = longest(clickTs, Number.POSITIVE_INFINITY);
    }
    return { clickMs, hoverReadyMs, loadTaskMs, openTaskMs };
  } finally {
    if (tracing) await browser.stopTracing().catch(() => {});
    await context.close().catch(() => {}); // the error that got here matters more
  }
}

/** `opens` runs of each kind, interleaved so that a busy moment of the machine hits both alike. */
export async function benchPanelOpen(browser: Browser, url: string, opens: number): Promise<{ rows: Row[]; raw: unknown }> {
  const hovered: Open[] = [];
  const cold: Open[] = [];
  for (let i = 0; i < opens; i++) {
    hovered.push(await openOnce(browser, url, { hover: true, trace: false }));
    cold.push(await openOnce(browser, url, { hover: false, trace: false }));
  }
  const tracedHover: Open[] = [];
  const tracedCold: Open[] = [];
  for (let i = 0; i < TRACED; i++) {
    tracedHover.push(await openOnce(browser, url, { hover: true, trace: true }));
    tracedCold.push(await openOnce(browser, url, { hover: false, trace: true }));
  }
  const ms = (xs: number[]) => `${round(percentile(xs, 50))} / ${round(percentile(xs, 95))} ms`;
  const worst = (xs: number[]) => `${round(percentile(xs, 50))} / ${round(Math.max(...xs))} ms`;
  const click = (runs: Open[]) => runs.map((r) => r.clickMs);
  const p95 = percentile(click(hovered), 95);
  const rows: Row[] = [
    {
      benchmark: 'panel open (Chromium)',
      metric: `click on the launcher -> panel shown, fetched on hover: median / p95 of ${opens}`,
      value: ms(click(hovered)),
      target: '<= 100 ms p95',
      met: p95 <= 100,
    },
    {
      benchmark: 'panel open (Chromium)',
      metric: `baseline: the same click, nothing fetched before it: median / p95 of ${opens}`,
      value: ms(click(cold)),
      target: '',
      met: null,
    },
    {
      benchmark: 'panel open (Chromium)',
      metric: `hover -> panel loaded (the head start a hover needs): median / p95 of ${opens}`,
      value: ms(hovered.map((r) => r.hoverReadyMs!)),
      target: '',
      met: null,
    },
    {
      benchmark: 'panel open (Chromium)',
      metric: `longest task, traced: hover -> click (loading) / click -> shown (opening), median / worst of ${TRACED}`,
      value: `${worst(tracedHover.map((r) => r.loadTaskMs!))}; ${worst(tracedHover.map((r) => r.openTaskMs!))}`,
      target: '',
      met: null,
    },
    {
      benchmark: 'panel open (Chromium)',
      metric: `baseline: longest task, traced, click -> shown (loading and opening), median / worst of ${TRACED}`,
      value: worst(tracedCold.map((r) => r.openTaskMs!)),
      target: '',
      met: null,
    },
  ];
  return { rows, raw: { hovered, cold, tracedHover, tracedCold } };
}
