/**
 * Chromium for the browser benchmarks (Debian's, via playwright-core) and a page server on
 * loopback that serves the test pages and the peers' files, so every widget is measured the same
 * way: same browser, same machine, same run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';

export async function launch(): Promise<Browser> {
  const executablePath = CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: run ./scripts/setup.sh --test (or set CHROME_PATH)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
  });
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
};

/** Serve `pages` (path -> html) and files under `roots` (url prefix -> directory). */
export async function pageServer(pages: Record<string, string>, roots: Record<string, string>) {
  const app = new Hono();
  app.get('*', async (c) => {
    const path = c.req.path;
    if (pages[path] !== undefined) return c.html(pages[path]!);
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!path.startsWith(prefix)) continue;
      const file = join(dir, normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, ''));
      try {
        return c.body(new Uint8Array(await readFile(file)), 200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        });
      } catch {
        return c.text('not found', 404);
      }
    }
    return c.text('not found', 404);
  });
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server: s, port: info.port }),
    );
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Chrome trace categories that record main-thread tasks (RunTask). */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** The longest main-thread task in a Chrome trace (ms), from devtools.timeline RunTask events. */
export function longestTask(trace: Buffer): number {
  const { traceEvents } = JSON.parse(trace.toString()) as {
    traceEvents: { name: string; ph: string; dur?: number; pid: number; tid: number; args?: { name?: string } }[];
  };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let longest = 0;
  let tasks = 0;
  for (const e of traceEvents) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || e.dur === undefined) continue;
    if (main && (e.pid !== main.pid || e.tid !== main.tid)) continue;
    tasks++;
    longest = Math.max(longest, e.dur / 1000);
  }
  // A trace without tasks means the categories below were not recorded: never report that as 0 ms.
  if (!tasks) throw new Error('the trace holds no main-thread tasks (trace with TRACE_CATEGORIES)');
  return longest;
}

/**
 * Every task of the main thread that made the `console.timeStamp(mark)` (ts, dur and its CPU time
 * in the trace's microseconds), and the mark's own time: a page can tell its tasks from every other
 * renderer's this way, and line its `performance.now()` up with the trace's clock.
 */
export function mainThreadTasks(
  trace: Buffer,
  mark: string,
): { tasks: { ts: number; dur: number; cpu: number }[]; markTs: number } {
  const { traceEvents } = JSON.parse(trace.toString()) as {
    traceEvents: {
      name: string;
      ph: string;
      ts: number;
      dur?: number;
      /** The thread's CPU time in the event: short of `dur` when the machine gave the thread no core. */
      tdur?: number;
      pid: number;
      tid: number;
      args?: { data?: { message?: string } };
    }[];
  };
  const stamp = traceEvents.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === mark);
  if (!stamp) throw new Error(`the trace holds no console.timeStamp('${mark}') (trace with TRACE_CATEGORIES)`);
  const tasks = traceEvents
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur !== undefined && e.pid === stamp.pid && e.tid === stamp.tid)
    .map((e) => ({ ts: e.ts, dur: e.dur!, cpu: e.tdur ?? e.dur! }));
  if (!tasks.length) throw new Error('the trace holds no main-thread tasks (trace with TRACE_CATEGORIES)');
  return { tasks, markTs: stamp.ts };
}

/** JS heap in use after a full garbage collection, bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export async function cdpOf(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return cdp;
}

/**
 * Arm a timer in `page`: from the next `event` on `host` (the event's own time stamp, when the
 * input reached the renderer) until `selector` in host's open shadow root is shown (in the DOM, not
 * hidden, with a box; with `present`, in the DOM is enough), read after the paint of the first
 * frame that holds it: a requestAnimationFrame callback sees it (that frame is then styled, laid out
 * and painted in the same task), and a message posted from there runs after that paint. Listens in
 * the capture phase on the host, so the host sees the event before the widget's own handlers run.
 * Returns a function that waits for the milliseconds.
 *
 * The page's code is a string: tsx compiles functions with esbuild's keepNames, whose `__name()`
 * calls do not exist in the page (a function passed to page.evaluate fails there).
 */
export async function armShownTimer(
  page: Page,
  o: { host: string; event: string; selector: string; present?: boolean; timeoutMs?: number },
): Promise<() => Promise<number>> {
  const key = `__benchShown${Math.random().toString(36).slice(2)}`;
  const [host, event, selector, present, timeoutMs] = [o.host, o.event, o.selector, !!o.present, o.timeoutMs ?? 10_000].map((v) =>
    JSON.stringify(v),
  );
  // An IIFE that returns nothing: a block would end with the promise, which evaluate would wait for.
  await page.evaluate(`(() => {
    const el = document.querySelector(${host});
    const root = el && el.shadowRoot;
    if (!root) throw new Error('no ' + ${host} + ' with an open shadow root');
    window[${JSON.stringify(key)}] = new Promise((resolve, reject) => {
      el.addEventListener(${event}, (e) => {
        const from = e.timeStamp;
        const limit = setTimeout(() => reject(new Error(${selector} + ' not shown ' + ${timeoutMs} + ' ms after the ' + ${event})), ${timeoutMs});
        const check = () => {
          const target = root.querySelector(${selector});
          const box = target && target.getBoundingClientRect();
          if (target && (${present} || (!target.hidden && box.width > 0 && box.height > 0))) {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              clearTimeout(limit);
              resolve(performance.now() - from);
            };
            channel.port2.postMessage(null);
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }, { capture: true, once: true });
    });
  })()`);
  return () => page.evaluate(`window[${JSON.stringify(key)}]`) as Promise<number>;
}
