/**
 * A phone (375 x 667): the panel takes the whole screen, the composer stays visible when the
 * on-screen keyboard shrinks the visual viewport, and the page's zoom is never blocked.
 */
import { describe, expect, it } from 'vitest';
import { answered, demo, recordedVisitors, shot, widget } from './browser.js';

const visitors = recordedVisitors();

describe('on a phone', () => {
  it('opens full screen, keeps the composer above the keyboard, never blocks zoom', async () => {
    const { docs } = demo().sites;
    const context = await visitors.open({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${docs.origin}/`);
    const viewportMeta = await page.locator('meta[name="viewport"]').getAttribute('content');
    const w = widget(page);
    await w.launcher.tap();
    await w.input.waitFor({ state: 'visible' });

    const panel = await w.panel.boundingBox();
    expect(panel).toMatchObject({ x: 0, y: 0 });
    expect(Math.round(panel!.width)).toBe(375);
    expect(Math.round(panel!.height)).toBe(667);
    expect(parseFloat(await w.input.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    await shot(page, '09-phone-open');

    // The keyboard opens: the visual viewport shrinks to 360 px while the layout viewport stays.
    await page.evaluate(() => {
      const vv = window.visualViewport!;
      Object.defineProperty(vv, 'height', { configurable: true, get: () => 360 });
      vv.dispatchEvent(new Event('resize'));
    });
    await w.input.focus();
    await expect
      .poll(async () => {
        const box = await w.input.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= 360;
      })
      .toBe(true);
    await shot(page, '10-phone-keyboard');

    await w.input.fill('How do I install the SDK?');
    await w.send.tap();
    await answered(w, 'lumen.track');

    // Zoom is the visitor's: the page's viewport meta is untouched and allows scaling.
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toBe(viewportMeta);
    expect(viewportMeta).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0)?\b/);
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
    await visitors.snapshot(page);
    await context.close();
  });
});
