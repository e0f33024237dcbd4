/**
 * Chromium for the end-to-end tests (Debian's, driven by playwright-core), and a recorder that
 * keeps every response (headers and body), every page script and every storage entry a test saw,
 * so a suite can prove that no secret ever reached the browser.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';

export const demo = () => inject('demo');
export const ARTIFACTS = join(import.meta.dirname, '../artifacts');

export async function launch(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A browser context (a visitor's profile) whose traffic the recorder keeps; animations off for stable screenshots. */
export async function visitorContext(browser: Browser, recorder: Recorder, opts: Parameters<Browser['newContext']>[0] = {}) {
  return recorder.watch(await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 }, ...opts }));
}

/**
 * For a test file: one Chromium for the file and one recorder over all its visitors; after the
 * file, nothing any of them saw may hold a secret. `open` gives a visitor's context, `snapshot`
 * records a page's scripts and storage.
 */
export function recordedVisitors() {
  let browser: Browser;
  const recorder = new Recorder();
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    expect(await leaks(recorder)).toEqual([]);
    await browser.close();
  });
  return {
    open: (opts?: Parameters<Browser['newContext']>[0]) => visitorContext(browser, recorder, opts),
    snapshot: (page: Page) => recorder.snapshot(page),
  };
}

export class Recorder {
  readonly seen: string[] = [];
  private pending: Promise<void>[] = [];

  watch(context: BrowserContext): BrowserContext {
    context.on('response', (res) => {
      this.pending.push(
        (async () => {
          const headers = JSON.stringify(await res.allHeaders().catch(() => ({})));
          // Event streams and aborted requests may have no body to give: record what there is.
          const body = await res.text().catch(() => '');
          this.seen.push(`${res.request().method()} ${res.url()} ${res.status()} ${headers}\n${body}`);
        })(),
      );
    });
    context.on('request', (req) =>
      this.seen.push(`request ${req.method()} ${req.url()} ${JSON.stringify(req.headers())} ${req.postData() ?? ''}`),
    );
    return context;
  }

  /** Storage entries and cookies of a page, and its scripts as loaded. */
  async snapshot(page: Page) {
    const storage = await page.evaluate(() =>
      JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
    );
    this.seen.push(`storage of ${page.url()}: ${storage}`);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src || s.textContent || ''));
    this.seen.push(`scripts of ${page.url()}: ${scripts.join('\n')}`);
  }

  async settle() {
    await Promise.all(this.pending);
  }
}

/**
 * The partner token and every sub-account id, read from the emulator (never from the service), and
 * the identity secrets the customer sites' servers sign their users' tokens with.
 */
export async function secrets(): Promise<string[]> {
  const { emulatorUrl, partnerToken, sites } = demo();
  const users = (await (
    await fetch(`${emulatorUrl}/v1/partner/user/list`, { headers: { authorization: `Bearer ${partnerToken}` } })
  ).json()) as { items: { id: string }[] };
  const identitySecrets = Object.values(sites).flatMap((s) => (s.identitySecret ? [s.identitySecret] : []));
  return [partnerToken, ...users.items.map((u) => u.id), ...identitySecrets];
}

export async function leaks(recorder: Recorder): Promise<string[]> {
  await recorder.settle();
  const found: string[] = [];
  for (const secret of await secrets()) {
    for (const entry of recorder.seen) if (entry.includes(secret)) found.push(`${secret.slice(0, 8)}… in ${entry.slice(0, 160)}`);
  }
  return found;
}

/** The widget's parts, reached through its shadow root (Playwright's locators pierce it). */
export function widget(page: Page) {
  const root = page.locator('tessera-chat').first();
  return {
    root,
    launcher: root.locator('[part~="launcher"]'),
    panel: root.locator('[part~="panel"]'),
    transcript: root.getByRole('log'),
    input: root.locator('[part~="input"]'),
    send: root.locator('[part~="send-button"]'),
    prompts: root.locator('[part~="starter-prompt"]'),
    botMessages: root.locator('[part~="bot-message"]:not([part~="greeting"])'),
    userMessages: root.locator('[part~="user-message"]'),
    notice: root.locator('[part~="notice"]'),
  };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

/** Wait until the portal screen's main heading (inside the app's shadow roots) reads `name`. */
export async function portalHeading(page: Page, name: string | RegExp) {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
}

/** Wait until the last answer contains `text` and has finished streaming (the send button is back). */
export async function answered(w: ReturnType<typeof widget>, text: string) {
  await expect
    .poll(
      async () =>
        (
          (await w.botMessages
            .last()
            .textContent()
            .catch(() => '')) ?? ''
        ).includes(text) && (await w.root.locator('[part~="send-button"]').count()) === 1,
      { timeout: 20_000, interval: 100 },
    )
    .toBe(true);
}
