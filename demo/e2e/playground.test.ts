/**
 * The partner's theme playground: a theme changed and saved there shows on the customer's site,
 * and saving changes only what the partner changed (a site following the visitor's color scheme
 * keeps doing so, its images stay).
 */
import { join } from 'node:path';
import { createAdminClient, data, type Schemas } from '@tessera/admin-client';
import { describe, expect, it } from 'vitest';
import { demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();
/** Screenshots to look at (not compared): the playground and the customer page, before and after a save. */
const RESULTS = join(import.meta.dirname, '../../test-results');
const svg = (body: string) =>
  `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${body}</svg>`).toString('base64')}`;
const AVATAR = svg('<circle cx="16" cy="16" r="16" fill="#f59e0b"/><circle cx="16" cy="13" r="6" fill="#fff"/>');
const LOGO = svg('<rect width="32" height="32" rx="8" fill="#fff"/><path d="M8 10h16v4H8zm0 8h10v4H8z" fill="#7c3aed"/>');
/** The widget's default dark panel (#17181c), what a dark-mode visitor must see when the site sets no colors. */
const DARK_PANEL = 'rgb(23, 24, 28)';

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
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ theme: { accentColor: 'red; background: url(x)' }, title: 'x' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues[0]!.path).toBe('theme.accentColor');
    const after = (await (await fetch(`${partnerUrl}/api/sites`)).json()) as { items: { siteId: string; title: string }[] };
    expect(after.items.find((s) => s.siteId === sites.velo.siteId)!.title).toBe('Velo Bikes');
  });
});

describe('saving from the playground', () => {
  it('sends only what changed: a site on colorScheme auto keeps it, its images, and no pinned colors', async () => {
    const { partnerUrl, serviceUrl, adminToken, sites } = demo();
    const admin = createAdminClient(serviceUrl, adminToken);
    const siteId = sites.dental.siteId;
    const stored = async () => (await data(admin.GET('/admin/v1/sites/{siteId}', { params: { path: { siteId } } }))).theme;
    const setTheme = (theme: Schemas['UpdateSiteRequest']['theme']) =>
      data(admin.PATCH('/admin/v1/sites/{siteId}', { params: { path: { siteId } }, body: { theme } }));
    const before = await stored();
    // The customer's theme: no background or text color of its own, so both follow the visitor's scheme.
    const theme = {
      accentColor: '#7c3aed',
      colorScheme: 'auto',
      radius: 24,
      position: 'bottom-left',
      fontFamily: 'Georgia, "Times New Roman", serif',
      avatarUrl: AVATAR,
      launcherIcon: LOGO,
    } as const;
    await setTheme(null);
    await setTheme(theme);
    try {
      // What a dark-mode visitor of the customer's site sees: the panel's background.
      const darkVisit = async (name: string) => {
        const context = await visitors.open({ colorScheme: 'dark' });
        const page = await context.newPage();
        await page.goto(`${sites.dental.origin}/`);
        const w = widget(page);
        await w.launcher.click();
        await w.input.waitFor({ state: 'visible' });
        const background = await w.panel.evaluate((el) => getComputedStyle(el).backgroundColor);
        await page.screenshot({ path: join(RESULTS, `playground-${name}-customer-dark.png`) });
        await visitors.snapshot(page);
        await context.close();
        return background;
      };
      expect(await darkVisit('before')).toBe(DARK_PANEL);

      const context = await visitors.open({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${partnerUrl}/playground.html`);
      await page.getByRole('button', { name: 'Bright Smile Dental' }).click();
      const preview = widget(page).root;
      await preview.locator('[part~="title"]').waitFor();
      const shots = async (name: string) => {
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          await page.screenshot({ path: join(RESULTS, `playground-${name}-${colorScheme}.png`), fullPage: true });
        }
        await page.emulateMedia({ colorScheme: 'light' });
      };
      await shots('before');

      // The partner changes the accent color, and nothing else.
      await page.locator('input[name="accentColor"]').fill('#0e7490');
      await page.getByRole('button', { name: "Save for the customer's site" }).click();
      await expect.poll(() => page.locator('#status').textContent()).toContain('Saved');
      await shots('after');
      await visitors.snapshot(page);

      // Soft: a playground that writes too much breaks several of these at once; report them all.
      const after = await stored();
      expect.soft(after.accentColor).toBe('#0e7490');
      expect.soft(after.colorScheme).toBe('auto');
      expect.soft(after.avatarUrl).toBe(AVATAR);
      expect.soft(after.launcherIcon).toBe(LOGO);
      expect.soft(after).not.toHaveProperty('backgroundColor');
      expect.soft(after).not.toHaveProperty('textColor');
      expect(after).toEqual({ ...theme, accentColor: '#0e7490' });
      expect(await darkVisit('after')).toBe(DARK_PANEL);

      // Settings the partner clears go as null, and are removed; the rest stays.
      await page.getByRole('button', { name: "Accent: use the widget's default" }).click();
      await page.locator('select[name="position"]').selectOption('');
      await page.getByRole('button', { name: "Save for the customer's site" }).click();
      const { accentColor: _accent, position: _position, ...kept } = theme;
      await expect.poll(stored).toEqual(kept);
      await expect.poll(() => page.locator('#status').textContent()).toContain('Saved');
      await context.close();
    } finally {
      await setTheme(null);
      await setTheme(before);
    }
  });
});
