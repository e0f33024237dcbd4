/**
 * 4. Widget weight. Gzip and brotli size of what a visitor downloads first (widget.js) and for a
 * whole chat (widget.js and the panel's module, which the launcher fetches on intent), next to the
 * peers' files, each peer fetched from the npm registry at bench time (its latest version; the file
 * its docs tell sites to load, plus every module that file statically imports, plus its
 * stylesheet). Then, in Chromium, the longest main-thread task and the JS heap after the launcher
 * appears, for our widget and for deep-chat and flowise-embed, measured the same way in the same
 * run; and the time from a click on our launcher to the panel on screen (panel-open.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { cdpOf, heapAfterGc, launch, longestTask, pageServer, TRACE_CATEGORIES } from './browser.js';
import { benchPanelOpen, NO_IDLE_PREFETCH, PANEL_URL } from './panel-open.js';
import { allowOrigin, startBench } from './setup.js';
import { round, type Row } from './stats.js';

/** The built widget, found as the service finds it: through the @tessera/widget package's export. */
function widgetFile(): string | null {
  try {
    const file = fileURLToPath(import.meta.resolve('@tessera/widget/widget.js'));
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** The panel's module beside widget.js (the service serves it at /widget/<name>): the one widget.js imports. */
function panelFile(widget: string): string {
  const name = readdirSync(dirname(widget)).find((f) => /^widget-panel\.[0-9a-f]{8}\.js$/.test(f));
  if (!name) throw new Error('the built panel (widget/dist/widget-panel.<hash>.js) is missing: run pnpm build first');
  return join(dirname(widget), name);
}

interface Peer {
  name: string;
  /** The file a site loads, relative to the package. */
  entry: string;
  css?: string;
}

const PEERS: Peer[] = [
  { name: 'deep-chat', entry: 'dist/deepChat.bundle.js' },
  { name: 'flowise-embed', entry: 'dist/web.js' },
  { name: '@typebot.io/js', entry: 'dist/web.js' },
  { name: '@n8n/chat', entry: 'dist/chat.bundle.es.js', css: 'dist/style.css' },
];

/** The entry file and every module it statically imports, recursively. */
async function moduleGraph(entry: string): Promise<Buffer[]> {
  const seen = new Set<string>();
  const out: Buffer[] = [];
  const visit = async (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const bytes = await readFile(file);
    out.push(bytes);
    const text = bytes.toString('utf8');
    for (const m of text.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      await visit(resolve(dirname(file), m[1]!));
    }
  };
  await visit(entry);
  return out;
}

const sizes = (files: Buffer[]) => {
  const all = Buffer.concat(files);
  return {
    raw: all.length,
    gzip: gzipSync(all, { level: 9 }).length,
    brotli: brotliCompressSync(all, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: all.length },
    }).length,
    files: files.length,
  };
};

async function fetchPeer(peer: Peer, dir: string) {
  const version = execFileSync('npm', ['view', peer.name, 'version'], { encoding: 'utf8' }).trim();
  const packed = execFileSync('npm', ['pack', `${peer.name}@${version}`, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  const into = join(dir, peer.name.replace(/[@/]/g, '_'));
  execFileSync('mkdir', ['-p', into]);
  execFileSync('tar', ['-xzf', join(dir, packed), '-C', into]);
  return { version, root: join(into, 'package') };
}

/**
 * Loads of each page (interleaved): five on this shared two-core machine moved the medians by ±5 ms
 * from run to run, as much as the 5 ms the launcher may add; eleven halve that spread.
 */
const LOADS = 11;

async function measurePage(browser: Browser, url: string, ready: string, init?: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (init) await context.addInitScript({ content: init });
  const page = await context.newPage();
  // Whether our widget's panel came within the traced second (fetched while the browser was idle).
  let panelFetched = false;
  page.on('request', (r) => {
    if (PANEL_URL.test(r.url())) panelFetched = true;
  });
  const cdp = await cdpOf(page);
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(ready, undefined, { timeout: 30_000, polling: 50 });
  const appearedMs = Date.now() - t0;
  await page.waitForTimeout(1000);
  const trace = await browser.stopTracing();
  const heap = await heapAfterGc(cdp);
  await context.close();
  return { longestTaskMs: longestTask(trace), heapBytes: heap, appearedMs, panelFetched };
}

export async function benchWeight(opts: { opens?: number } = {}): Promise<{ rows: Row[]; raw: unknown }> {
  const widget = widgetFile();
  if (!widget) throw new Error('the built widget (@tessera/widget/widget.js) is missing: run pnpm build first');
  const panel = panelFile(widget);
  const panelName = panel.slice(dirname(panel).length + 1);
  // A widget.js of another build would import another panel than the one measured here.
  if (!(await readFile(widget, 'utf8')).includes(`/widget/${panelName}`))
    throw new Error(`widget.js does not import ${panelName}: widget/dist is of two builds, run pnpm build again`);
  const dir = await mkdtemp(join(tmpdir(), 'tessera-peers-'));
  const bench = await startBench();
  const browser = await launch();
  try {
    const ours = sizes([await readFile(widget)]);
    const panelSizes = sizes([await readFile(panel)]);
    // Two responses, each compressed on its own (as `pnpm --filter @tessera/widget size` adds them).
    const chat = { gzip: ours.gzip + panelSizes.gzip, brotli: ours.brotli + panelSizes.brotli };
    const peers: Record<string, ReturnType<typeof sizes> & { version: string; root: string }> = {};
    for (const peer of PEERS) {
      const { version, root } = await fetchPeer(peer, dir);
      const files = await moduleGraph(join(root, peer.entry));
      if (peer.css && existsSync(join(root, peer.css))) files.push(await readFile(join(root, peer.css)));
      peers[peer.name] = { ...sizes(files), version, root };
    }
    const smallest = Math.min(...Object.values(peers).map((p) => p.gzip));
    const rows: Row[] = [
      {
        benchmark: 'widget weight',
        metric: 'first download: widget.js gzip / brotli',
        value: `${ours.gzip.toLocaleString('en')} B / ${ours.brotli.toLocaleString('en')} B`,
        target: '<= 8,192 B gzip',
        met: ours.gzip <= 8 * 1024,
      },
      {
        benchmark: 'widget weight',
        metric: `a whole chat: widget.js + ${panelName} gzip / brotli`,
        value: `${chat.gzip.toLocaleString('en')} B / ${chat.brotli.toLocaleString('en')} B`,
        target: '<= 24,576 B gzip',
        met: chat.gzip <= 24 * 1024,
      },
      ...Object.entries(peers).map(([name, p]) => ({
        benchmark: 'widget weight',
        metric: `${name} ${p.version} gzip / brotli (${p.files} file${p.files > 1 ? 's' : ''})`,
        value: `${p.gzip.toLocaleString('en')} B / ${p.brotli.toLocaleString('en')} B`,
        target: '',
        met: null,
      })),
      {
        benchmark: 'widget weight',
        metric: 'smallest peer / ours, a whole chat (gzip)',
        value: `${round(smallest / chat.gzip)}x`,
        target: '>= 5x',
        met: smallest / chat.gzip >= 5,
      },
      {
        benchmark: 'widget weight',
        metric: 'smallest peer / ours, the first download (gzip)',
        value: `${round(smallest / ours.gzip)}x`,
        target: '',
        met: null,
      },
    ];

    // In Chromium: load each widget on a page of its own until its launcher (or chat) shows.
    const pages = await pageServer(
      {
        '/empty.html': '<!doctype html><title>empty</title><p>empty page</p>',
        '/tessera.html': `<!doctype html><title>tessera</title><script src="${bench.service.info.url}/widget.js" data-site-key="${bench.siteKey}" async></script>`,
        '/deep-chat.html':
          '<!doctype html><title>deep-chat</title><script type="module" src="/deep-chat/dist/deepChat.bundle.js"></script><deep-chat></deep-chat>',
        '/flowise.html':
          '<!doctype html><title>flowise</title><script type="module">import Chatbot from "/flowise/dist/web.js"; Chatbot.init({ chatflowid: "bench", apiHost: "http://127.0.0.1:9" });</script>',
      },
      { '/deep-chat/': peers['deep-chat']!.root, '/flowise/': peers['flowise-embed']!.root },
    );
    // Our site allows the bench page's origin, as a customer's would.
    await allowOrigin(bench, pages.origin);

    const shadowHas = (tag: string, selector: string) =>
      `(() => { const el = document.querySelector('${tag}'); return !!(el && el.shadowRoot && el.shadowRoot.querySelector('${selector}')); })()`;
    // Five loads of each page, interleaved, each in a fresh context: the median and the worst. Our
    // launcher is in the shadow root from the start, hidden until the site's config is in. The
    // widget then fetches the panel once the browser is idle, within the traced second: the
    // launcher-only load has that prefetch switched off.
    const launcherShown = shadowHas('tessera-chat', '[part~="launcher"]:not([hidden])');
    const targets: Record<string, [string, string, string?]> = {
      empty: [`${pages.origin}/empty.html`, 'document.readyState === "complete"'],
      tessera: [`${pages.origin}/tessera.html`, launcherShown],
      'tessera, launcher only': [`${pages.origin}/tessera.html`, launcherShown, NO_IDLE_PREFETCH],
      'deep-chat': [`${pages.origin}/deep-chat.html`, shadowHas('deep-chat', '#container, #messages, input, textarea, div')],
      'flowise-embed': [`${pages.origin}/flowise.html`, shadowHas('flowise-chatbot', 'button, div')],
    };
    const runs: Record<string, Awaited<ReturnType<typeof measurePage>>[]> = {};
    for (let round = 0; round < LOADS; round++) {
      for (const [name, [url, ready, init]] of Object.entries(targets))
        (runs[name] ??= []).push(await measurePage(browser, url, ready, init));
    }
    const open = await benchPanelOpen(browser, `${pages.origin}/tessera.html`, opts.opens ?? 30);
    await pages.close();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const emptyHeap = median(runs['empty']!.map((r) => r.heapBytes));
    for (const [name, list] of Object.entries(runs)) {
      const longest = list.map((r) => r.longestTaskMs);
      const worst = Math.max(...longest);
      const heap = (median(list.map((r) => r.heapBytes)) - emptyHeap) / 1024 / 1024;
      const prefetched =
        name === 'tessera' ? ` (panel prefetched in ${list.filter((r) => r.panelFetched).length} of ${LOADS})` : '';
      rows.push({
        benchmark: 'widget load (Chromium)',
        metric:
          name === 'empty'
            ? `empty page: longest task, median / worst of ${LOADS}`
            : `${name}${prefetched}: longest task, median / worst of ${LOADS}; JS heap over an empty page`,
        value:
          name === 'empty'
            ? `${round(median(longest))} / ${round(worst)} ms`
            : `${round(median(longest))} / ${round(worst)} ms; ${round(heap, 2)} MB`,
        target: name.startsWith('tessera') ? '< 50 ms' : '',
        met: name.startsWith('tessera') ? worst < 50 : null,
      });
    }
    rows.push(...open.rows);
    const browserRuns = runs;
    return {
      rows,
      raw: {
        ours,
        panel: { file: panelName, ...panelSizes },
        chat,
        peers: Object.fromEntries(Object.entries(peers).map(([k, v]) => [k, { ...v, root: undefined }])),
        browser: browserRuns,
        open: open.raw,
      },
    };
  } finally {
    await browser.close();
    await bench.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
