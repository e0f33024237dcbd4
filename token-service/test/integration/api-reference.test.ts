/**
 * The service's own API reference, end to end: /reference on a running service renders the real
 * OpenAPI document (every route of http/routes, no "Errors" box from an unresolvable schema) in
 * Chromium under the page's strict CSP, and /openapi.json is the committed document with this
 * service's public URL.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tessera/testkit/chromium';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/http/routes/index.js';
import { Stack } from '../support/stack.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await Stack.start({ logLevel: 'warn' });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await stack.close();
});

describe('the API reference of a running service', () => {
  it('serves the committed OpenAPI document, with its own public URL as the server', async () => {
    const served = (await stack.fetch('/openapi.json')).json;
    const committed = JSON.parse(
      await readFile(fileURLToPath(import.meta.resolve('@tessera/admin-client/openapi.json')), 'utf8'),
    );
    expect(served.servers).toEqual([{ url: stack.url }]);
    expect({ ...served, servers: [] }).toEqual({ ...committed, servers: [] });
  });

  it('renders every route in Chromium, with no schema error and no CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.url}/reference`);
    await page
      .locator('.opblock')
      .nth(ROUTES.length - 1)
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBe(ROUTES.length);
    for (const spec of ROUTES) {
      await expect(page.locator(`.opblock-summary-path[data-path="${spec.path}"]`).count(), spec.path).resolves.toBeGreaterThan(
        0,
      );
    }
    // Open the largest operation: its schemas resolve and render.
    const createSite = page.locator('.opblock-post', { has: page.locator('[data-path="/admin/v1/tenants/{tenantId}/sites"]') });
    await createSite.locator('.opblock-summary-control').click();
    await createSite.getByText('allowedOrigins', { exact: true }).first().waitFor();
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
