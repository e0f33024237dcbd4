/**
 * The widget where a site is unusual: an origin the site does not allow (nothing shown, the
 * reason in the console, and no token), a page under the strict Content-Security-Policy, a page with hostile global
 * CSS, and inline mode in a docs page.
 */
import { describe, expect, it } from 'vitest';
import { answered, demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

describe('an origin the site does not allow', () => {
  it('shows nothing (the console says why), and no token ever arrives', async () => {
    const { velo } = demo().sites;
    // The same page, served from 127.0.0.1 instead of localhost: another origin.
    const stranger = velo.origin.replace('localhost', '127.0.0.1');
    const context = await visitors.open();
    const page = await context.newPage();
    const sessions: number[] = [];
    const warnings: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/sessions')) sessions.push(r.status());
    });
    page.on('console', (m) => {
      if (m.type() === 'warning' && m.text().startsWith('[tessera]')) warnings.push(m.text());
    });
    await page.goto(`${stranger}/`);
    await expect
      .poll(() => warnings)
      .toEqual([`[tessera] origin_not_allowed: chat is not enabled for ${stranger}: add it to the site's allowed origins`]);
    const w = widget(page);
    // No launcher in the default look, no empty panel: nothing of the widget on the page.
    expect(await w.launcher.isVisible()).toBe(false);
    expect(await page.locator('tessera-chat').evaluate((el) => el.getBoundingClientRect().width)).toBe(0);
    await shot(page, '05-origin-not-allowed');
    expect(await w.input.count()).toBe(0); // nothing to type into
    expect(sessions.every((s) => s !== 201)).toBe(true);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toMatch(/eyJ/); // no JWT kept
    await visitors.snapshot(page);
    await context.close();
  });
});

describe('strict Content-Security-Policy', () => {
  it('chats on a page that allows no inline script or style', async () => {
    const { velo } = demo().sites;
    const context = await visitors.open();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${velo.origin}/strict-csp.html`);
    expect(res!.headers()['content-security-policy']).toContain("style-src 'self'");
    const w = widget(page);
    await w.launcher.click();
    await w.input.fill('Do you offer delivery?');
    await w.input.press('Enter');
    await answered(w, 'ship accessories');
    await shot(page, '06-strict-csp');
    expect(violations).toEqual([]);
    // The panel is styled (its stylesheet was adopted, not blocked): it has a background and a radius.
    const style = await w.panel.evaluate((el) => getComputedStyle(el));
    expect(style.borderTopLeftRadius).not.toBe('0px');
    await visitors.snapshot(page);
    await context.close();
  });
});

describe('hostile global CSS', () => {
  it('cannot hide or restyle the widget', async () => {
    const { velo } = demo().sites;
    const context = await visitors.open();
    const page = await context.newPage();
    await page.goto(`${velo.origin}/hostile-css.html`);
    const w = widget(page);
    await w.launcher.waitFor({ state: 'visible' });
    await w.launcher.click();
    await expect.poll(() => w.input.isVisible()).toBe(true);
    const input = await w.input.evaluate((el) => ({ size: getComputedStyle(el).fontSize, color: getComputedStyle(el).color }));
    expect(parseFloat(input.size)).toBeGreaterThanOrEqual(16);
    expect(input.color).not.toBe('rgb(255, 192, 203)');
    await w.input.fill('When are you open?');
    await w.input.press('Enter');
    await answered(w, 'we ride.');
    await shot(page, '07-hostile-css');
    await context.close();
  });
});

describe('inline mode', () => {
  it('fills its container in the docs page and answers with code', async () => {
    const { docs } = demo().sites;
    const context = await visitors.open({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${docs.origin}/help.html`);
    const w = widget(page);
    await w.input.waitFor();
    expect(await w.launcher.count()).toBe(0); // no floating launcher in inline mode
    const box = await w.root.boundingBox();
    const container = await page.locator('.assistant').boundingBox();
    expect(Math.abs(box!.height - container!.height)).toBeLessThan(4);
    await w.prompts.filter({ hasText: 'How do I install the SDK?' }).click();
    await answered(w, 'lumen.track');
    expect(await w.botMessages.last().locator('pre code').count()).toBe(1);
    await shot(page, '08-inline-docs');
    await visitors.snapshot(page);
    await context.close();
  });
});
