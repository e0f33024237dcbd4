/** The partner's theme playground: a theme changed and saved there shows on the customer's site. */
import { describe, expect, it } from 'vitest';
import { demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

describe('theme playground', () => {
  it('previews live, saves, and the customer site shows the new theme on reload', async () => {
    const { partnerUrl, sites } = demo();
    const context = await visitors.open({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${partnerUrl}/playground.html`);
    await page.getByRole('button', { name: 'Bright Smile Dental' }).click();
    const preview = widget(page).root; // the inline preview is the first tessera-chat of the page
    await preview.locator('[part~="title"]').waitFor();

    await page.locator('input[name="accentColor"]').fill('#dc2626');
    await page.locator('input[name="title"]').fill('Smile Desk');
    await page.locator('select[name="position"]').selectOption('bottom-right');
    await page.locator('textarea[name="starterPrompts"]').fill('Book a check-up\nOpening hours');
    // Live: the preview follows before anything is saved.
    await expect.poll(() => preview.locator('[part~="title"]').textContent()).toBe('Smile Desk');
    await expect
      .poll(() => preview.locator('[part~="starter-prompt"]').allTextContents())
      .toEqual(['Book a check-up', 'Opening hours']);
    await shot(page, '11-playground-preview');

    await page.getByRole('button', { name: "Save for the customer's site" }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('Saved');

    // The customer's site, on its own origin, loads the new theme.
    const site = await context.newPage();
    await site.goto(`${sites.dental.origin}/`);
    const w = widget(site);
    await w.launcher.waitFor();
    const launcher = await w.launcher.boundingBox();
    expect(launcher!.x).toBeGreaterThan(1400 / 2); // moved to the right
    expect(await w.launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(220, 38, 38)');
    await w.launcher.click();
    await expect.poll(() => w.root.locator('[part~="title"]').textContent()).toBe('Smile Desk');
    expect(await w.prompts.allTextContents()).toEqual(['Book a check-up', 'Opening hours']);
    await shot(site, '12-customer-site-new-theme');
    await visitors.snapshot(page);
    await visitors.snapshot(site);
    await context.close();
  });

  it('refuses an invalid value with a clear message and keeps the saved theme', async () => {
    const { partnerUrl, sites } = demo();
    const res = await fetch(`${partnerUrl}/api/sites/${sites.velo.siteId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ theme: { accentColor: 'red; background: url(x)' }, title: 'x', greeting: null, starterPrompts: [] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues[0]!.path).toBe('theme.accentColor');
    const after = (await (await fetch(`${partnerUrl}/api/sites`)).json()) as { items: { siteId: string; title: string }[] };
    expect(after.items.find((s) => s.siteId === sites.velo.siteId)!.title).toBe('Velo Bikes');
  });
});
