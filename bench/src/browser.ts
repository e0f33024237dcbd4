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
